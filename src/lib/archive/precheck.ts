import { createHash } from 'node:crypto';
import type { CloudTrailRecord } from '../cloudtrail/schema.ts';
import { matchUse } from '../decoys/match.ts';
import type { Registry } from '../decoys/registry.ts';
import { IAM_SOURCE } from '../detect/tamper/calls.ts';
import { GUARDED } from '../detect/tamper/detector-table.ts';
import { baseEventName } from '../detect/tamper/detector-targets.ts';

/**
 * The fast path's cheap structural check. Detection needs a record's call (eventSource,
 * eventName), its time, and well-typed identity and request fields; everything else
 * (eventID, eventVersion, awsRegion, a redacted account) can be missing or odd: such a record
 * is analysed with a warning instead of being rejected. Only records that could produce a
 * detection, or that fail this check, go through the full zod schema and enrichment.
 */

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;
const EVENT_VERSION = /^1\.\d{1,2}$/;
const ACCOUNT_ID = /^\d{12}$/;
const IDENTITY_STRINGS = ['type', 'arn', 'accountId', 'accessKeyId', 'userName', 'invokedBy'] as const;
const OPTIONAL_STRINGS = ['userAgent', 'errorCode', 'errorMessage', 'sourceIPAddress'] as const;
/** Every call the detector-tamper rule looks at, by event source (from its one table). */
const GUARDED_CALLS = new Map<string, Set<string>>();
for (const resource of GUARDED) {
  const calls = GUARDED_CALLS.get(resource.eventSource) ?? new Set<string>();
  for (const name of Object.keys(resource.calls)) calls.add(name);
  GUARDED_CALLS.set(resource.eventSource, calls);
}

/** IAM calls that only read: no tamper rule looks at them. */
const IAM_READ_ONLY = /^(Get|List|Generate|Simulate)/;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isOptionalObject = (value: unknown): boolean =>
  value === undefined || value === null || isObject(value);

function nonEmpty(record: Json, field: string, max: number): string | undefined {
  const value = record[field];
  if (typeof value !== 'string' || value.length === 0) return `${field}: expected a non-empty string`;
  if (value.length > max) return `${field}: longer than ${max} characters`;
  return undefined;
}

function identityProblem(identity: unknown): string | undefined {
  if (identity === undefined) return undefined;
  if (!isObject(identity)) return 'userIdentity: expected an object';
  for (const field of IDENTITY_STRINGS) {
    const value = identity[field];
    if (value !== undefined && typeof value !== 'string') return `userIdentity.${field}: expected a string`;
  }
  if (!isOptionalObject(identity.sessionContext)) return 'userIdentity.sessionContext: expected an object';
  return undefined;
}

/** Why a value cannot be analysed at all, or undefined when detection has what it needs. */
export function structuralProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'expected a CloudTrail record (a JSON object)';
  const problem = nonEmpty(value, 'eventSource', 256) ?? nonEmpty(value, 'eventName', 256);
  if (problem) return problem;
  const time = value.eventTime;
  if (typeof time !== 'string' || !ISO_TIME.test(time) || Number.isNaN(Date.parse(time)))
    return 'eventTime: expected an ISO 8601 date-time';
  for (const field of OPTIONAL_STRINGS) {
    const text = value[field];
    if (text !== undefined && typeof text !== 'string') return `${field}: expected a string`;
  }
  if (typeof value.sourceIPAddress === 'string' && value.sourceIPAddress.length > 1024)
    return 'sourceIPAddress: longer than 1024 characters';
  if (!isOptionalObject(value.requestParameters)) return 'requestParameters: expected an object';
  if (!isOptionalObject(value.responseElements)) return 'responseElements: expected an object';
  return identityProblem(value.userIdentity);
}

/** True when the fields detection does not need are all present and well formed. */
export function isComplete(record: Json): boolean {
  const id = record.eventID;
  const version = record.eventVersion;
  const region = record.awsRegion;
  const account = record.recipientAccountId;
  return (
    typeof id === 'string' &&
    id.length > 0 &&
    id.length <= 128 &&
    typeof version === 'string' &&
    EVENT_VERSION.test(version) &&
    typeof region === 'string' &&
    region.length > 0 &&
    region.length <= 64 &&
    (account === undefined || (typeof account === 'string' && ACCOUNT_ID.test(account)))
  );
}

/** A stable ID for a record without one: the same record always gets the same ID. */
export function derivedEventId(record: Json): string {
  return `derived-${createHash('sha256').update(JSON.stringify(record)).digest('hex').slice(0, 32)}`;
}

export interface Repaired {
  record: Json;
  warnings: string[];
}

/**
 * Fills in what detection does not need so the record can be analysed, and says what was filled.
 * Call only after structuralProblem() found nothing.
 */
export function repair(record: Json): Repaired {
  if (isComplete(record)) return { record, warnings: [] };
  const out: Json = { ...record };
  const warnings: string[] = [];
  const id = record.eventID;
  if (typeof id !== 'string' || id.length === 0 || id.length > 128) {
    out.eventID = derivedEventId(record);
    warnings.push(`eventID missing or invalid: derived ${String(out.eventID)}`);
  }
  if (typeof record.eventVersion !== 'string' || !EVENT_VERSION.test(record.eventVersion)) {
    out.eventVersion = '1.08';
    warnings.push('eventVersion missing or not 1.x: read as 1.08');
  }
  const region = record.awsRegion;
  if (typeof region !== 'string' || region.length === 0 || region.length > 64) {
    out.awsRegion = 'unknown';
    warnings.push('awsRegion missing: shown as unknown');
  }
  const account = record.recipientAccountId;
  if (account !== undefined && !(typeof account === 'string' && ACCOUNT_ID.test(account))) {
    delete out.recipientAccountId;
    warnings.push('recipientAccountId is not a 12-digit account ID (redacted?): ignored');
  }
  return { record: out, warnings };
}

export interface CandidateFilter {
  registry: Registry;
  /** Whether honeytrail's own resource names are known, so detector-tamper can fire. */
  detector: boolean;
}

/**
 * True when some rule could fire on this record: decoy credentials made the call, it is an IAM
 * write (tamper rules look at their targets), or it is one of the calls that could blind the
 * detector. A superset of what ALL_RULES reports, by construction; cheap enough for every record.
 */
export function isCandidate(record: Json, filter: CandidateFilter): boolean {
  if (matchUse(record as CloudTrailRecord, filter.registry)) return true;
  const source = record.eventSource as string;
  const name = record.eventName as string;
  if (source === IAM_SOURCE) return !IAM_READ_ONLY.test(name);
  if (filter.detector) return GUARDED_CALLS.get(source)?.has(baseEventName(source, name)) === true;
  return false;
}

/** An EventBridge delivery carries `detail`/`detail-type`; anything else is taken as a bare record. */
export function isEnvelope(value: unknown): value is Json {
  return isObject(value) && ('detail-type' in value || 'detail' in value);
}

/** A CloudTrail digest file (integrity data, not events): skipped and counted, never analysed. */
export function isDigest(value: unknown): boolean {
  return isObject(value) && 'digestStartTime' in value && 'logFiles' in value;
}

export function isLogFile(value: unknown): value is { Records: unknown[] } {
  return isObject(value) && Array.isArray(value.Records);
}

export { isObject };
