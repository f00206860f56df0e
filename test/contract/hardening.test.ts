import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  ASYNC_INVOKE,
  ASYNC_RETRY_DELAYS_SECONDS,
  FUNCTION_TIMEOUT_SECONDS,
  REDRIVE_SCHEDULE,
} from '../../deploy/delivery.ts';
import { homeResources } from '../../deploy/home.ts';
import { parseRegistry } from '../../src/lib/decoys/registry-yaml.ts';
import {
  allStatements,
  asArray,
  type Packaged,
  type PolicyStatement,
  packageService,
  props,
  ROOT,
  type RoleProps,
  type RuleProps,
  resourcesOfType,
  type Template,
} from './support.ts';

// The home stack's generated resources for a stage pointed at an existing, named trail (packaging the home
// stack twice at once would share serverless-esbuild's work directory), and a packaged prod forwarder.
const registry = parseRegistry(readFileSync(join(ROOT, 'test/events/decoys.yml'), 'utf8'));
const named: Template = {
  Resources: homeResources(
    { service: 'honeytrail', stage: 'staging', registry },
    { auditSchedule: 'rate(1 hour)', redriveSchedule: REDRIVE_SCHEDULE, trailName: 'org-trail' },
  ) as Template['Resources'],
};
let forwarder: Packaged;
beforeAll(async () => {
  forwarder = await packageService(join(ROOT, 'forwarder'), [
    '--region',
    'eu-central-1',
    '--stage',
    'prod',
    '--param',
    'decoysFile=test/events/decoys.yml',
  ]);
}, 120_000);

type KeyPolicy = { KeyPolicy: { Statement: PolicyStatement[] } };
const keyStatements = (template: Template) =>
  resourcesOfType(template, 'AWS::KMS::Key').flatMap(([id]) =>
    props<KeyPolicy>(template, id).KeyPolicy.Statement.map((statement) => ({ id, statement })),
  );
const roleStatements = (template: Template, role: string) =>
  asArray(props<RoleProps>(template, role).Policies[0]?.PolicyDocument.Statement ?? []);

describe('KMS key policies', () => {
  it('tie every service principal to this account and to our own resources (no confused deputy)', () => {
    let services = 0;
    for (const template of [named, forwarder.template]) {
      for (const { id, statement } of keyStatements(template)) {
        const principal = statement.Principal as { Service?: string } | undefined;
        if (!principal?.Service) continue;
        services += 1;
        expect({ id, account: statement.Condition?.StringEquals?.['aws:SourceAccount'] }).toEqual({
          id,
          account: { Ref: 'AWS::AccountId' },
        });
        expect(JSON.stringify(statement.Condition?.ArnLike?.['aws:SourceArn'])).toMatch(
          /:cloudwatch:\$\{AWS::Region\}:\$\{AWS::AccountId\}:alarm:honeytrail-(forwarder-prod|staging)-\*/,
        );
      }
    }
    expect(services).toBe(2);
  });

  it('name alarms that really exist under the allowed prefix', () => {
    for (const [template, prefix] of [
      [named, 'honeytrail-staging-'],
      [forwarder.template, 'honeytrail-forwarder-prod-'],
    ] as const) {
      const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm');
      expect(alarms.length).toBeGreaterThan(0);
      for (const [id] of alarms)
        expect(props<{ AlarmName: string }>(template, id).AlarmName.startsWith(prefix)).toBe(true);
    }
  });
});

describe('forwarder alarm topic', () => {
  it('is encrypted with a rotating key of its own, which its alarms may use', () => {
    expect(props<Record<string, unknown>>(forwarder.template, 'ForwarderAlarmTopic').KmsMasterKeyId).toEqual({
      Ref: 'ForwarderAlarmTopicKey',
    });
    const key = props<KeyPolicy & { EnableKeyRotation: boolean }>(
      forwarder.template,
      'ForwarderAlarmTopicKey',
    );
    expect(key.EnableKeyRotation).toBe(true);
    expect(key.KeyPolicy.Statement.map((statement) => statement.Sid)).toEqual([
      'KeyAdministration',
      'CloudWatchAlarmsPublish',
    ]);
  });

  it('alarms when an event has waited a day in the forwarder dead-letter queue, and keeps retrying for that day', () => {
    expect(
      props<Record<string, unknown>>(forwarder.template, 'ForwarderDeadLetterQueueAgeAlarm'),
    ).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 86_400,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: 'ForwarderAlarmTopic' }],
    });
    for (const [id] of resourcesOfType(forwarder.template, 'AWS::Events::Rule'))
      expect(props<RuleProps>(forwarder.template, id).Targets[0]?.RetryPolicy).toEqual({
        MaximumRetryAttempts: 185,
        MaximumEventAgeInSeconds: 86_400,
      });
  });
});

describe('audit trail permissions', () => {
  it('read only the configured trail when one is named', () => {
    const status = roleStatements(named, 'AuditRole').find((s) => s.Sid === 'TrailStatus');
    expect(status?.Resource).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:cloudtrail:*:\${AWS::AccountId}:trail/org-trail`,
    });
    expect(asArray(status?.Action ?? [])).toEqual([
      'cloudtrail:GetTrailStatus',
      'cloudtrail:GetEventSelectors',
    ]);
  });
});

describe('retry numbers', () => {
  it('let a crashed attempt time out before Lambda retries it, and retry twice before the failure queue', () => {
    const timeout = FUNCTION_TIMEOUT_SECONDS;
    expect(timeout).toBeLessThan(ASYNC_RETRY_DELAYS_SECONDS[0]);
    for (const fn of ['DetectUse', 'DetectTamper', 'Audit'])
      expect(props<Record<string, unknown>>(named, `${fn}InvokeConfig`)).toMatchObject(ASYNC_INVOKE);
    // The retries end well inside the maximum event age: no event expires while retries remain.
    const lastRetry = ASYNC_RETRY_DELAYS_SECONDS.reduce((sum, delay) => sum + delay + timeout, timeout);
    expect(lastRetry).toBeLessThan(ASYNC_INVOKE.MaximumEventAgeInSeconds);
  });
});

describe('automatic redrive', () => {
  it('runs every 5 minutes, finishes before the next run, and is never retried by Lambda', () => {
    const rule = props<RuleProps>(named, 'RedriveScheduleRule');
    expect(rule).toMatchObject({ ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED' });
    expect(rule.Targets[0]?.Arn).toEqual({ 'Fn::GetAtt': ['RedriveLambdaFunction', 'Arn'] });
    expect(props<Record<string, unknown>>(named, 'RedriveInvokeConfig')).toEqual({
      FunctionName: { Ref: 'RedriveLambdaFunction' },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 300,
    });
  });

  it('may work both dead-letter queues and invoke the detector functions, and touches no table', () => {
    const statements = roleStatements(named, 'RedriveRole');
    const bySid = Object.fromEntries(statements.map((statement) => [statement.Sid, statement]));
    expect(bySid.DeadLetterQueues?.Resource).toEqual([
      { 'Fn::GetAtt': ['RulesDeadLetterQueue', 'Arn'] },
      { 'Fn::GetAtt': ['FailedInvocationsQueue', 'Arn'] },
    ]);
    const invoke = JSON.stringify(bySid.ReinvokeDetectors?.Resource);
    for (const fn of ['detectUse', 'detectTamper', 'audit'])
      expect(invoke).toContain(`function:honeytrail-staging-${fn}`);
    expect(invoke).not.toContain('redrive');
    expect(JSON.stringify(statements)).not.toContain('dynamodb:');
  });

  it('alarms to the alert topic when an event has waited a day in either dead-letter queue', () => {
    for (const queue of ['RulesDeadLetterQueue', 'FailedInvocationsQueue'])
      expect(props<Record<string, unknown>>(named, `${queue}AgeAlarm`)).toMatchObject({
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
        Threshold: 86_400,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: 'AlertTopic' }],
      });
  });
});

describe('policies', () => {
  it('grants nothing to a service principal without a condition, outside role trust policies', () => {
    for (const template of [named, forwarder.template])
      for (const { where, statement } of allStatements(template)) {
        const principal = statement.Principal as { Service?: string } | undefined;
        // Lambda assumes execution roles with no source context to condition on.
        if (statement.Effect === 'Allow' && principal?.Service && !where.includes('AssumeRolePolicyDocument'))
          expect({ where, condition: Boolean(statement.Condition) }).toEqual({ where, condition: true });
      }
  });
});
