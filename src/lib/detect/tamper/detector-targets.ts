/**
 * How the detector-tamper rule finds honeytrail's own resource in a record. Each locator reads the
 * request parameters a service uses for that resource (names or ARNs), compares them with the names
 * of the deployed stack (`DetectorResources`), and answers undefined for anything else.
 */
import type { CloudTrailRecord } from '../../cloudtrail/schema.ts';
import type { DetectorResources } from '../rules.ts';
import { param } from './target.ts';

export interface Located {
  /** The resource as the call named it. */
  target: string;
  /** Short name, for the detection id and the title. */
  subject: string;
}

type Locator = (record: CloudTrailRecord, detector: DetectorResources) => Located | undefined;

/** Lambda logs API versions in the event name: `DeleteFunction20150331`, `...20150331v2`. */
export function baseEventName(source: string, eventName: string): string {
  return source === 'lambda.amazonaws.com' ? eventName.replace(/\d{8}(v\d+)?$/, '') : eventName;
}

/** The last part of an ARN-like value after `marker` (`:trail/`, `:table/`), or the value itself. */
const afterMarker = (value: string, marker: string): string => {
  const at = value.indexOf(marker);
  return value.startsWith('arn:') && at >= 0 ? value.slice(at + marker.length) : value;
};

export const trailNameOf = (value: string): string => afterMarker(value, ':trail/');
export const tableNameOf = (value: string): string => afterMarker(value, ':table/').split('/')[0] ?? value;
/** `rule-name` or `arn:aws:events:…:rule/[bus/]rule-name` -> `rule-name`. */
export const ruleNameOf = (value: string): string =>
  value.startsWith('arn:') ? (value.split('/').pop() ?? value) : value;
const lastSegment = (value: string): string => value.split(/[/:]/).pop() ?? value;

/** Function name from a name, a partial or full ARN, with any version or alias qualifier dropped. */
export function functionNameOf(value: string): string {
  const marker = value.indexOf('function:');
  const rest = marker >= 0 ? value.slice(marker + 'function:'.length) : value;
  return rest.split(':')[0] ?? rest;
}

/** Region of an ARN (`arn:aws:sns:us-east-1:…`), or undefined. */
const regionOf = (arn: string | undefined): string | undefined => arn?.split(':')[3] || undefined;

/** A string or a list of strings in requestParameters (alarmNames is a list). */
function params(record: CloudTrailRecord, name: string): string[] {
  const value = record.requestParameters?.[name];
  if (typeof value === 'string' && value) return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** ARNs in the record's `resources` list (KMS names the key there even when the request does not). */
function resourceArns(record: CloudTrailRecord): string[] {
  const list: unknown = (record as Record<string, unknown>).resources;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    const arn = typeof item === 'object' && item !== null ? (item as Record<string, unknown>).ARN : undefined;
    return typeof arn === 'string' ? [arn] : [];
  });
}

const ours = (name: string, names: readonly string[] | undefined, prefixes: readonly string[] = []) =>
  (names ?? []).includes(name) || prefixes.some((prefix) => name.startsWith(prefix));

const found = (target: string, subject: string): Located => ({ target, subject });

const trail: Locator = (record, detector) => {
  const value = param(record, 'name') ?? param(record, 'trailName');
  const name = value ? trailNameOf(value) : undefined;
  if (!value || !name || (detector.trailName && name !== detector.trailName)) return undefined;
  return found(value, name);
};

const trailBucket: Locator = (record, detector) => {
  const bucket = param(record, 'bucketName');
  return bucket && detector.trailBucket && bucket === detector.trailBucket
    ? found(bucket, bucket)
    : undefined;
};

const rule: Locator = (record, detector) => {
  const value = param(record, 'name') ?? param(record, 'rule');
  if (!value) return undefined;
  const name = ruleNameOf(value);
  return ours(name, detector.ruleNames, detector.rulePrefixes) ? found(value, name) : undefined;
};

/** The home region's default bus: the only bus honeytrail depends on. */
const bus: Locator = (record, detector) => {
  const home = regionOf(detector.topicArn);
  if (home && record.awsRegion !== home) return undefined;
  const busName = param(record, 'eventBusName') ?? param(record, 'name') ?? 'default';
  if (lastSegment(busName) !== 'default') return undefined;
  const statement = param(record, 'statementId');
  const mine = statement !== undefined && (detector.busStatementIds ?? []).includes(statement);
  const hits: Record<string, boolean> = {
    RemovePermission: mine || record.requestParameters?.removeAllPermissions === true,
    PutPermission: mine || param(record, 'policy') !== undefined,
    UpdateEventBus: true,
    DeleteEventBus: true,
  };
  return hits[record.eventName]
    ? found(busName, statement && mine ? `default/${statement}` : 'default')
    : undefined;
};

const fn: Locator = (record, detector) => {
  const value = param(record, 'functionName');
  if (!value) return undefined;
  const name = functionNameOf(value);
  return detector.functionNames.includes(name) ? found(value, name) : undefined;
};

const table: Locator = (record, detector) => {
  const value = param(record, 'tableName') ?? param(record, 'resourceArn');
  return value && detector.tableName && tableNameOf(value) === detector.tableName
    ? found(value, detector.tableName)
    : undefined;
};

const topicName = (arn: string): string => arn.split(':').pop() ?? arn;

/** The alert topic and the chat topic: silencing either blinds a channel the SOC relies on. */
const ourTopic = (arn: string, detector: DetectorResources): boolean =>
  arn === detector.topicArn || (detector.chatTopicArn !== undefined && arn === detector.chatTopicArn);

const topic: Locator = (record, detector) => {
  const value = param(record, 'topicArn') ?? param(record, 'resourceArn');
  if (!value?.startsWith('arn:')) return undefined;
  const name = topicName(value);
  const mine = ourTopic(value, detector) || ours(name, [], detector.rulePrefixes);
  return mine ? found(value, name) : undefined;
};

const subscription: Locator = (record, detector) => {
  const value = param(record, 'subscriptionArn');
  if (!value?.startsWith('arn:')) return undefined;
  const topicArn = value.split(':').slice(0, 6).join(':');
  const name = topicName(topicArn);
  const mine = ourTopic(topicArn, detector) || ours(name, [], detector.rulePrefixes);
  return mine ? found(value, name) : undefined;
};

const keyIdOf = (value: string): string => (value.includes(':key/') ? lastSegment(value) : value);

const key: Locator = (record, detector) => {
  const arns = detector.keyArns ?? [];
  if (!arns.length) return undefined;
  const ids = new Set(arns.map(keyIdOf));
  const named = [param(record, 'keyId'), ...resourceArns(record)].filter((v): v is string => Boolean(v));
  const hit = named.find((value) => arns.includes(value) || ids.has(keyIdOf(value)));
  return hit ? found(hit, keyIdOf(hit)) : undefined;
};

const role: Locator = (record, detector) => {
  const name = param(record, 'roleName');
  return name && ours(name, detector.roleNames, detector.rulePrefixes) ? found(name, name) : undefined;
};

const queue: Locator = (record, detector) => {
  const url = param(record, 'queueUrl');
  if (!url) return undefined;
  const name = lastSegment(url.replace(/\/+$/, ''));
  return ours(name, detector.queueNames, detector.rulePrefixes) ? found(url, name) : undefined;
};

const alarm: Locator = (record, detector) => {
  const names = [...params(record, 'alarmName'), ...params(record, 'alarmNames')];
  const hit = names.find((name) => ours(name, detector.alarmNames, detector.rulePrefixes));
  return hit ? found(names.length > 1 ? names.join(',') : hit, hit) : undefined;
};

const logGroup: Locator = (record, detector) => {
  const value = param(record, 'logGroupName') ?? param(record, 'logGroupIdentifier');
  if (!value) return undefined;
  const name = value.replace(/^arn:[^:]*:logs:[^:]*:\d*:log-group:/, '').replace(/:\*$/, '');
  const fnName = name.startsWith('/aws/lambda/') ? name.slice('/aws/lambda/'.length) : undefined;
  return fnName && detector.functionNames.includes(fnName) ? found(value, fnName) : undefined;
};

export const LOCATORS = {
  trail,
  trailBucket,
  rule,
  bus,
  function: fn,
  table,
  topic,
  subscription,
  key,
  role,
  queue,
  alarm,
  logGroup,
} as const satisfies Record<string, Locator>;

export type LocatorId = keyof typeof LOCATORS;
