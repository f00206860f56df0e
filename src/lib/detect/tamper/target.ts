import { type CloudTrailRecord, recordAccount } from '../../cloudtrail/schema.ts';
import { matchUse } from '../../decoys/match.ts';
import { type Decoy, type Registry, userKey } from '../../decoys/registry.ts';
import type { Actor } from '../../enrich/types.ts';
import { cleanText } from '../../text.ts';
import { type Detection, decoyRef, type EventFacts } from '../detection.ts';
import { eventFacts } from '../facts.ts';
import { DEFAULTS_TO_CALLER, IAM_SOURCE } from './calls.ts';

/** A non-empty string request parameter, or undefined. Raw: clean it before showing it. */
export function param(record: CloudTrailRecord, name: string): string | undefined {
  const value = record.requestParameters?.[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function isIamCall(record: CloudTrailRecord, names: readonly string[]): boolean {
  return record.eventSource === IAM_SOURCE && names.includes(record.eventName);
}

/** IAM names are unique regardless of case, so `PROD-DB-BACKUP-USER` names the same user. */
export const sameIamName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The decoy with this name in the record's account: the whole name, compared without case,
 * never a substring.
 */
export function decoyNamed(
  record: CloudTrailRecord,
  registry: Registry,
  userName: string | undefined,
): Decoy | undefined {
  const account = recordAccount(record);
  if (!account || !userName) return undefined;
  return registry.byUserAnyCase.get(userKey(account, userName).toLowerCase());
}

function responseUserName(record: CloudTrailRecord): string | undefined {
  const accessKey = record.responseElements?.accessKey;
  if (typeof accessKey !== 'object' || accessKey === null || !('userName' in accessKey)) return undefined;
  return typeof accessKey.userName === 'string' ? accessKey.userName : undefined;
}

/**
 * The decoy a user-scoped IAM call targets: requestParameters.userName, or, for calls that
 * default to the caller, the user in the response or the calling decoy itself.
 */
export function targetDecoy(record: CloudTrailRecord, registry: Registry): Decoy | undefined {
  const named = param(record, 'userName');
  if (named) return decoyNamed(record, registry, named);
  if (!DEFAULTS_TO_CALLER.has(record.eventName)) return undefined;
  const fromResponse = decoyNamed(record, registry, responseUserName(record));
  if (fromResponse) return fromResponse;
  const caller = matchUse(record, registry);
  return caller && caller.reason !== 'session-issuer' ? caller.decoy : undefined;
}

/**
 * True when AWS itself made the call (quarantine). The userAgent alone is not trusted: any
 * caller can send `AWS Internal` as its userAgent, but not as its source or identity.
 */
export function madeByAws(record: CloudTrailRecord): boolean {
  const identity = record.userIdentity;
  if (identity?.arn) return false;
  return (
    record.sourceIPAddress === 'AWS Internal' ||
    identity?.invokedBy === 'AWS Internal' ||
    identity?.type === 'AWSService'
  );
}

/** Who made the call, for a sentence: ARN, else the invoking service, else the identity type. */
export function callerLabel(record: CloudTrailRecord, event: EventFacts): string {
  if (event.identityArn) return event.identityArn;
  const invokedBy = record.userIdentity?.invokedBy;
  if (invokedBy) return cleanText(invokedBy, 128);
  return event.identityType ? `a ${event.identityType} caller` : 'an unidentified caller';
}

/** "succeeded" or "was denied (AccessDenied: ...)". */
export function outcome(event: EventFacts): string {
  if (!event.errorCode) return 'succeeded';
  const message = event.errorMessage ? `: ${cleanText(event.errorMessage, 160)}` : '';
  return `was denied (${event.errorCode}${message})`;
}

/** Notes when the caller is itself a decoy; the use rule raises that alert separately. */
export function callerDecoyNote(record: CloudTrailRecord, registry: Registry): string {
  const caller = matchUse(record, registry);
  return caller ? ` The caller is itself the decoy ${caller.decoy.userName}.` : '';
}

export interface TamperFacts {
  record: CloudTrailRecord;
  actor: Actor;
  decoy: Decoy;
  category: string;
  /** The subject in the detection id, e.g. `123456789012/prod-db-backup-user`. */
  subject: string;
  /** What was changed, e.g. `user/prod-db-backup-user` or `group/reporting-readers`. */
  target: string;
  title: string;
  summary: string;
  nextSteps: string[];
}

/** Assembles a tamper detection: always critical, never suppressed by the alert-storm window. */
export function tamperDetection(facts: TamperFacts, event = eventFacts(facts.record)): Detection {
  const { decoy } = facts;
  return {
    id: `${event.id}:tamper:${facts.subject}`,
    kind: 'tamper',
    severity: 'critical',
    category: facts.category,
    title: facts.title,
    summary: facts.summary,
    nextSteps: facts.nextSteps,
    decoy: decoyRef(decoy),
    event: { ...event, target: cleanText(facts.target, 256) },
    actor: facts.actor,
    suppressible: false,
  };
}

/** Steps every tamper alert ends with: who to investigate, and the planted location. */
export function commonSteps(
  record: CloudTrailRecord,
  registry: Registry,
  caller: string,
  actor: Actor,
  decoy: Decoy,
): string[] {
  const planted = `Treat the place the decoy was planted as breached: ${decoy.placement}.`;
  const self = matchUse(record, registry);
  if (self) {
    return [
      `The caller is the planted decoy ${self.decoy.userName} itself: whoever holds it is trying to persist. Block source ${actor.sourceIp} and follow the matching use alert.`,
      planted,
    ];
  }
  return [
    `The caller holds (or tried to use) IAM write access: investigate how ${caller} got its credentials.`,
    `Review every other call by ${caller} and from ${actor.sourceIp} in CloudTrail; rotate those credentials unless the change was yours.`,
    planted,
  ];
}

/** A detection for a call whose target is one decoy user. */
export function userTamper(
  facts: Omit<TamperFacts, 'subject' | 'target'>,
  event = eventFacts(facts.record),
): Detection {
  const { decoy } = facts;
  return tamperDetection(
    { ...facts, subject: `${decoy.accountId}/${decoy.userName}`, target: `user/${decoy.userName}` },
    event,
  );
}
