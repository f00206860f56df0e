import type { CloudTrailRecord } from '../cloudtrail/schema.ts';
import type { Registry } from '../decoys/registry.ts';
import type { BehaviourFacts } from '../enrich/behaviour.ts';
import { enrich } from '../enrich/index.ts';
import type { Actor, EnrichInput, HistoryEntry } from '../enrich/types.ts';
import type { Detection } from './detection.ts';
import { detectUse } from './use.ts';

/** Names of honeytrail's own deployed resources, for the detector self-protection rules. */
export interface DetectorResources {
  ruleNames: string[];
  /**
   * Name prefixes of honeytrail's stacks deployed elsewhere (the forwarders in other regions): their
   * rules, and their queues, topics, alarms and roles, which all start with the stack name.
   */
  rulePrefixes?: string[];
  functionNames: string[];
  topicArn?: string;
  /** The chat topic (AWS's chat integration reads it), when one is configured. */
  chatTopicArn?: string;
  tableName?: string;
  trailName?: string;
  /** The trail's bucket, when the stack created the trail. */
  trailBucket?: string;
  keyArns?: string[];
  roleNames?: string[];
  queueNames?: string[];
  alarmNames?: string[];
  /** Statement IDs of the home bus policy (default bus of the home region). */
  busStatementIds?: string[];
}

export interface RuleContext {
  registry: Registry;
  detector?: DetectorResources;
  /** Enrichment with injected data (a Tor exit list); the default enricher otherwise. */
  enrich?: (input: EnrichInput) => Actor;
}

/** A detection rule is a pure function of one record. */
export type Rule = (record: CloudTrailRecord, context: RuleContext, actor: Actor) => Detection[];

export const useRule: Rule = (record, context, actor) => detectUse(record, context.registry, actor);

export interface Analysis {
  actor: Actor;
  detections: Detection[];
}

/**
 * CloudTrail's console flag: a top-level field of the record, also seen in additionalEventData and
 * in userIdentity.sessionContext in some sources.
 */
function consoleFlag(record: CloudTrailRecord): string | undefined {
  const places: unknown[] = [
    record.sessionCredentialFromConsole,
    (record.additionalEventData as Record<string, unknown> | undefined)?.sessionCredentialFromConsole,
    record.userIdentity?.sessionContext?.sessionCredentialFromConsole,
  ];
  const found = places.find((value) => value !== undefined && value !== null);
  return found === undefined ? undefined : String(found);
}

/** Who made the call: enrichment of the record's attacker-controlled fields plus the decoy's history. */
export function enrichRecord(
  record: CloudTrailRecord,
  history: HistoryEntry[] = [],
  enricher: (input: EnrichInput) => Actor = enrich,
  behaviour?: BehaviourFacts,
): Actor {
  return enricher({
    ...(behaviour ? { behaviour } : {}),
    sourceIPAddress: record.sourceIPAddress,
    userAgent: record.userAgent,
    identityType: record.userIdentity?.type,
    accessKeyId: record.userIdentity?.accessKeyId,
    sessionCredentialFromConsole: consoleFlag(record),
    eventSource: record.eventSource,
    eventName: record.eventName,
    eventTime: record.eventTime,
    history,
  });
}

/** Enriches the record once, then runs every rule on it. No AWS calls. */
export function analyzeRecord(
  record: CloudTrailRecord,
  context: RuleContext,
  rules: readonly Rule[],
  history: HistoryEntry[] = [],
  behaviour?: BehaviourFacts,
): Analysis {
  const actor = enrichRecord(record, history, context.enrich, behaviour);
  return { actor, detections: rules.flatMap((rule) => rule(record, context, actor)) };
}
