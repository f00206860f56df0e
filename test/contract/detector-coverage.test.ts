import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { parseEnvelope } from '../../src/lib/cloudtrail/schema.ts';
import { loadConfig } from '../../src/lib/config.ts';
import { parseRegistry } from '../../src/lib/decoys/registry-yaml.ts';
import { ALL_RULES } from '../../src/lib/detect/all-rules.ts';
import { detectorResources } from '../../src/lib/detect/detector-resources.ts';
import { analyzeRecord, type DetectorResources } from '../../src/lib/detect/rules.ts';
import { docsOf } from '../../src/lib/detect/tamper/detector-docs.ts';
import { GUARDED, guardedCalls, UNGUARDED_TYPES } from '../../src/lib/detect/tamper/detector-table.ts';
import { matchesPattern } from '../../src/local/event-pattern.ts';
import { guardedCallEvent } from '../support/detector-fixtures.ts';
import {
  type FunctionProps,
  type Packaged,
  packageService,
  props,
  ROOT,
  type RuleProps,
  resourcesOfType,
  type Template,
} from './support.ts';

const DECOYS = 'test/events/decoys.yml';
const registry = parseRegistry(readFileSync(join(ROOT, DECOYS), 'utf8'));
const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

let prod: Packaged;
let forwarder: Packaged;

beforeAll(async () => {
  const forwarding = packageService(join(ROOT, 'forwarder'), [
    '--region',
    'eu-west-1',
    '--stage',
    'prod',
    '--param',
    `decoysFile=${DECOYS}`,
  ]);
  prod = await packageService(ROOT, [
    '--stage',
    'prod',
    '--param',
    `decoysFile=${DECOYS}`,
    '--param',
    'createTrail=true',
    '--param',
    'orgId=o-a1b2c3d4e5',
  ]);
  forwarder = await forwarding;
}, 180_000);

/** What CloudFormation would put in place of the intrinsics the function environment uses. */
function resolve(template: Template, value: unknown, conditions: Record<string, boolean>): string {
  if (typeof value === 'string') return value.replaceAll(`\${AWS::Region}`, REGION);
  const node = value as Record<string, unknown>;
  if ('Ref' in node) {
    const id = String(node.Ref);
    const resource = template.Resources[id];
    if (resource?.Type === 'AWS::SNS::Topic')
      return `arn:aws:sns:${REGION}:${ACCOUNT}:${String(resource.Properties.TopicName)}`;
    if (resource?.Type === 'AWS::DynamoDB::Table') return String(resource.Properties.TableName);
    if (resource?.Type === 'AWS::S3::Bucket') return `honeytrail-prod-${id.toLowerCase()}-1x2y3z4w5v6u`;
    throw new Error(`no stand-in for Ref ${id}`);
  }
  if ('Fn::GetAtt' in node) {
    const [id] = node['Fn::GetAtt'] as [string, string];
    if (template.Resources[id]?.Type === 'AWS::KMS::Key')
      return `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id.toLowerCase()}-12ab-34cd-56ef-1234567890ab`;
    throw new Error(`no stand-in for GetAtt ${id}`);
  }
  if ('Fn::Join' in node) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => resolve(template, part, conditions)).join(separator);
  }
  if ('Fn::If' in node) {
    const [condition, yes, no] = node['Fn::If'] as [string, unknown, unknown];
    return resolve(template, conditions[condition] ? yes : no, conditions);
  }
  throw new Error(`no stand-in for ${JSON.stringify(value)}`);
}

/** The detector's resource names exactly as the deployed function would read them. */
function deployedNames(template: Template): DetectorResources {
  const fn = props<FunctionProps>(template, 'DetectTamperLambdaFunction');
  const env = Object.fromEntries(
    Object.entries(fn.Environment.Variables).map(([name, value]) => [
      name,
      resolve(template, value, { CreateTrail: true }),
    ]),
  );
  return detectorResources(loadConfig({ ...env, DECOYS_FILE: DECOYS }));
}

/** Rules of a template whose pattern matches the event, with the function or bus they target. */
function routes(template: Template, event: Record<string, unknown>): string[] {
  return resourcesOfType(template, 'AWS::Events::Rule')
    .map(([id]) => [id, props<RuleProps>(template, id)] as const)
    .filter(([, rule]) => rule.EventPattern && matchesPattern(rule.EventPattern, event))
    .map(([id, rule]) => `${id}->${JSON.stringify(rule.Targets[0]?.Arn)}`);
}

const calls = guardedCalls();

describe('every guarded call, through the packaged templates', () => {
  it('is routed to detectTamper by a deployed rule and raises exactly one detector-tamper alert', () => {
    const names = deployedNames(prod.template);
    const failures: string[] = [];
    for (const [index, { entry, call }] of calls.entries()) {
      const event = guardedCallEvent(entry, call, names, index);
      const routed = routes(prod.template, event as unknown as Record<string, unknown>);
      const detections = analyzeRecord(
        parseEnvelope(event).detail,
        { registry, detector: names },
        ALL_RULES,
      ).detections;
      const label = `${entry.service}:${call}`;
      if (!routed.some((route) => route.includes('DetectTamperLambdaFunction')))
        failures.push(`${label}: no deployed rule routes it (${routed.join(', ') || 'none'})`);
      if (detections.length !== 1 || detections[0]?.kind !== 'detector-tamper')
        failures.push(
          `${label}: ${detections.length} detection(s): ${detections.map((d) => d.kind).join(', ')}`,
        );
    }
    console.log(
      `detector-tamper contract: ${calls.length - failures.length}/${calls.length} calls routed and alerted once`,
    );
    expect(failures).toEqual([]);
  });

  it('forwards calls on the forwarder stack’s own resources from other regions, and the home rule alerts once', () => {
    const home = deployedNames(prod.template);
    const stack = 'honeytrail-forwarder-prod';
    const queue = resourcesOfType(forwarder.template, 'AWS::SQS::Queue')[0]?.[1].Properties.QueueName;
    const topic = resourcesOfType(forwarder.template, 'AWS::SNS::Topic')[0]?.[1].Properties.TopicName;
    const alarm = resourcesOfType(forwarder.template, 'AWS::CloudWatch::Alarm')[0]?.[1].Properties.AlarmName;
    const rule = props<RuleProps>(forwarder.template, 'ForwardUseRule1').Name;
    const names: DetectorResources = {
      ruleNames: [rule],
      functionNames: [],
      topicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:${String(topic)}`,
      queueNames: [String(queue)],
      alarmNames: [String(alarm)],
      // CloudFormation names a role without RoleName <stack>-<logical id>-<suffix>.
      roleNames: [`${stack}-ForwarderRole-A1B2C3D4E5F6`],
    };
    const local = new Set([
      'events-rule',
      'sns-topic',
      'sns-subscription',
      'sqs-queue',
      'cloudwatch-alarm',
      'iam-role',
    ]);
    const failures: string[] = [];
    for (const { entry, call } of calls.filter(({ entry }) => local.has(entry.id))) {
      const event = guardedCallEvent(entry, call, names) as unknown as Record<string, unknown>;
      const forwarded = routes(forwarder.template, event).some((route) =>
        route.startsWith('ForwardDetector'),
      );
      const routedHome = routes(prod.template, event).some((route) => route.includes('DetectTamper'));
      const detections = analyzeRecord(
        parseEnvelope(event).detail,
        { registry, detector: home },
        ALL_RULES,
      ).detections;
      if (!forwarded || !routedHome || detections.length !== 1)
        failures.push(
          `${entry.service}:${call}: forwarded ${forwarded}, home ${routedHome}, ${detections.length} detection(s)`,
        );
    }
    expect(failures).toEqual([]);
  });
});

describe('every resource honeytrail deploys is guarded', () => {
  it('has a table entry (or a justified exemption) for each resource type in the packaged templates', () => {
    const guarded = new Set(GUARDED.flatMap((entry) => docsOf(entry.id).cfnTypes));
    const unguarded = [prod, forwarder].flatMap((packaged) =>
      Object.entries(packaged.template.Resources)
        .filter(
          ([, resource]) => !guarded.has(resource.Type) && !Object.hasOwn(UNGUARDED_TYPES, resource.Type),
        )
        .map(([id, resource]) => `${id} (${resource.Type})`),
    );
    expect(unguarded).toEqual([]);
    for (const reason of Object.values(UNGUARDED_TYPES)) expect(reason.length).toBeGreaterThan(30);
  });

  it('gives the detector the very names the template deploys', () => {
    const names = deployedNames(prod.template);
    const values = (type: string, field: string) =>
      resourcesOfType(prod.template, type).map(([, resource]) => {
        const value = resource.Properties[field];
        return typeof value === 'string'
          ? value
          : resolve(prod.template, (value as { 'Fn::Sub': string })['Fn::Sub'], {});
      });
    expect(new Set(names.queueNames)).toEqual(new Set(values('AWS::SQS::Queue', 'QueueName')));
    expect(new Set(names.alarmNames)).toEqual(new Set(values('AWS::CloudWatch::Alarm', 'AlarmName')));
    expect(new Set(names.roleNames)).toEqual(new Set(values('AWS::IAM::Role', 'RoleName')));
    expect(new Set(names.busStatementIds)).toEqual(
      new Set(values('AWS::Events::EventBusPolicy', 'StatementId')),
    );
    expect(new Set(names.functionNames)).toEqual(new Set(values('AWS::Lambda::Function', 'FunctionName')));
    expect(names.tableName).toBe(values('AWS::DynamoDB::Table', 'TableName')[0]);
    expect(names.trailName).toBe(values('AWS::CloudTrail::Trail', 'TrailName')[0]);
    expect(names.keyArns).toHaveLength(resourcesOfType(prod.template, 'AWS::KMS::Key').length);
    expect(names.trailBucket).toBeTruthy();
  });
});
