import { functionNames, guardedNames, ruleNames } from '../../../deploy/home.ts';
import type { StackInput } from '../../../deploy/names.ts';
import { type CloudTrailRecord, recordAccount } from '../cloudtrail/schema.ts';
import type { CliConfig } from '../config.ts';
import type { Registry } from '../decoys/registry.ts';
import type { DetectorResources } from '../detect/rules.ts';

/** The service name in serverless.yml and the forwarder's service in forwarder/serverless.yml. */
export const SERVICE = 'honeytrail';
export const FORWARDER_SERVICE = 'honeytrail-forwarder';
/** serverless.yml's homeRegion default: IAM logs only there. */
export const DEFAULT_HOME_REGION = 'us-east-1';

/** honeytrail's own resource names in one stage, computed by the same generators the stacks use. */
export interface StageNames {
  stage: string;
  ruleNames: string[];
  rulePrefixes: string[];
  functionNames: string[];
  topicName: string;
  tableName: string;
  /** Only when the stack creates the trail (createTrail) or one is named; else every trail counts. */
  trailName?: string;
  /** Role names carry the home region; queues, alarms and bus statements follow serverless.yml. */
  roleNames: string[];
  queueNames: string[];
  alarmNames: string[];
  busStatementIds: string[];
}

function guarded(input: StackInput, region: string) {
  const names = guardedNames(input, region);
  const list = (value: string | undefined): string[] => (value ? value.split(',') : []);
  return {
    roleNames: list(names.roleNames),
    queueNames: list(names.queueNames),
    alarmNames: list(names.alarmNames),
    busStatementIds: list(names.busStatements),
  };
}

export function stageNames(stage: string, registry: Registry, homeRegion = DEFAULT_HOME_REGION): StageNames {
  const input: StackInput = { service: SERVICE, stage, registry };
  const prefix = `${SERVICE}-${stage}`;
  return {
    stage,
    // Rule names do not depend on the schedules.
    ruleNames: ruleNames(input, { auditSchedule: 'rate(1 hour)', redriveSchedule: 'rate(5 minutes)' }).split(
      ',',
    ),
    // serverless.yml: HONEYTRAIL_RULE_PREFIXES: honeytrail-forwarder-${sls:stage}-
    rulePrefixes: [`${FORWARDER_SERVICE}-${stage}-`],
    functionNames: functionNames(input).split(','),
    topicName: `${prefix}-alerts`,
    tableName: prefix,
    ...guarded(input, homeRegion),
  };
}

const partitionOf = (region: string): string =>
  region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';

export interface DetectorSettings {
  stage?: StageNames;
  /** `--trail NAME`: the trail the stack watches. */
  trail?: string;
  homeRegion: string;
  /** The Lambda functions' own variables, as the deployed detector reads them. */
  env: Pick<
    CliConfig,
    | 'HONEYTRAIL_RULE_NAMES'
    | 'HONEYTRAIL_RULE_PREFIXES'
    | 'HONEYTRAIL_FUNCTION_NAMES'
    | 'HONEYTRAIL_ROLE_NAMES'
    | 'HONEYTRAIL_QUEUE_NAMES'
    | 'HONEYTRAIL_ALARM_NAMES'
    | 'HONEYTRAIL_KEY_ARNS'
    | 'HONEYTRAIL_BUS_STATEMENTS'
    | 'TABLE_NAME'
    | 'TOPIC_ARN'
    | 'TRAIL_NAME'
    | 'TRAIL_BUCKET'
  >;
}

/** True when some honeytrail resource name is known, so detector-tamper can fire at all. */
export function detectorKnown(settings: DetectorSettings): boolean {
  const { env } = settings;
  return Boolean(
    settings.stage ||
      settings.trail ||
      env.HONEYTRAIL_RULE_NAMES.length ||
      env.HONEYTRAIL_RULE_PREFIXES.length ||
      env.HONEYTRAIL_FUNCTION_NAMES.length ||
      env.HONEYTRAIL_ROLE_NAMES.length ||
      env.HONEYTRAIL_QUEUE_NAMES.length ||
      env.HONEYTRAIL_ALARM_NAMES.length ||
      env.HONEYTRAIL_KEY_ARNS.length ||
      env.HONEYTRAIL_BUS_STATEMENTS.length ||
      env.TABLE_NAME ||
      env.TOPIC_ARN ||
      env.TRAIL_NAME,
  );
}

const union = (a: readonly string[], b: readonly string[] = []): string[] => [...new Set([...a, ...b])];

/**
 * The detector resources for a record. The topic ARN carries the account and home region, so a
 * stage-derived one is built for the record's own account; the environment's TOPIC_ARN wins.
 */
export function makeDetectorResolver(
  settings: DetectorSettings,
): ((record: CloudTrailRecord) => DetectorResources | undefined) | undefined {
  if (!detectorKnown(settings)) return undefined;
  const { env, stage } = settings;
  const base: DetectorResources = {
    ruleNames: union(env.HONEYTRAIL_RULE_NAMES, stage?.ruleNames),
    rulePrefixes: union(env.HONEYTRAIL_RULE_PREFIXES, stage?.rulePrefixes),
    functionNames: union(env.HONEYTRAIL_FUNCTION_NAMES, stage?.functionNames),
    roleNames: union(env.HONEYTRAIL_ROLE_NAMES, stage?.roleNames),
    queueNames: union(env.HONEYTRAIL_QUEUE_NAMES, stage?.queueNames),
    alarmNames: union(env.HONEYTRAIL_ALARM_NAMES, stage?.alarmNames),
    busStatementIds: union(env.HONEYTRAIL_BUS_STATEMENTS, stage?.busStatementIds),
    keyArns: [...env.HONEYTRAIL_KEY_ARNS],
  };
  if (env.TRAIL_BUCKET) base.trailBucket = env.TRAIL_BUCKET;
  const table = env.TABLE_NAME ?? stage?.tableName;
  if (table) base.tableName = table;
  const trail = settings.trail ?? env.TRAIL_NAME ?? stage?.trailName;
  if (trail) base.trailName = trail;
  if (env.TOPIC_ARN || !stage) return () => (env.TOPIC_ARN ? { ...base, topicArn: env.TOPIC_ARN } : base);
  const byAccount = new Map<string, DetectorResources>();
  return (record) => {
    const account = recordAccount(record);
    if (!account) return base;
    const partition = partitionOf(record.awsRegion);
    const key = `${partition}:${account}`;
    let resources = byAccount.get(key);
    if (!resources) {
      const topicArn = `arn:${partition}:sns:${settings.homeRegion}:${account}:${stage.topicName}`;
      resources = { ...base, topicArn };
      byAccount.set(key, resources);
    }
    return resources;
  };
}
