import { PATTERN_LIMIT } from '../../decoys/patterns.ts';
import type { Registry } from '../../decoys/registry.ts';
import type { DetectorResources } from '../rules.ts';
import { GROUP_GRANT_CALLS, IAM_SOURCE, KEY_STATE_CALLS, USER_TARGET_CALLS } from './calls.ts';
import { callsBySource } from './detector-table.ts';

/** The subset of EventBridge pattern syntax used here: exact values, prefixes, any-case and `$or`. */
export type PatternValue = string | { prefix: string } | { 'equals-ignore-case': string };
export interface EventPattern {
  [field: string]: PatternValue[] | EventPattern | EventPattern[];
}

export interface NamedPattern {
  name: 'tamper-decoy-users' | 'tamper-decoy-groups' | 'detector-tamper';
  description: string;
  pattern: EventPattern;
}

const API_CALL = 'AWS API Call via CloudTrail';
const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** IAM names are unique regardless of case, and a call may spell a name in any case. */
const anyCase = (names: Iterable<string>): PatternValue[] =>
  sorted([...names].map((name) => name.toLowerCase())).map((name) => ({ 'equals-ignore-case': name }));

/**
 * EventBridge patterns that deliver the calls the tamper rules look at. They are a prefilter
 * by whole name (any case) only: the rules recheck the account and everything else. Calls that name no user
 * (CreateAccessKey by the decoy for itself) are delivered by the decoy-use pattern instead.
 */
export function tamperEventPatterns(registry: Registry, detector?: DetectorResources): NamedPattern[] {
  const patterns: NamedPattern[] = [];
  const users = sorted(registry.decoys.map((decoy) => decoy.userName));
  const keys = sorted(registry.decoys.flatMap((decoy) => decoy.accessKeyIds));
  if (users.length > 0) {
    const alternatives: EventPattern[] = [
      { eventName: sorted(USER_TARGET_CALLS), requestParameters: { userName: anyCase(users) } },
      { eventName: ['CreateVirtualMFADevice'], requestParameters: { virtualMFADeviceName: anyCase(users) } },
    ];
    if (keys.length > 0) {
      alternatives.push({ eventName: sorted(KEY_STATE_CALLS), requestParameters: { accessKeyId: keys } });
    }
    patterns.push({
      name: 'tamper-decoy-users',
      description: 'IAM changes to a decoy user: grants, new credentials, key changes, deletion',
      pattern: {
        source: ['aws.iam'],
        'detail-type': [API_CALL],
        detail: { eventSource: [IAM_SOURCE], $or: alternatives },
      },
    });
  }
  const groups = sorted(registry.decoys.flatMap((decoy) => decoy.groups));
  if (groups.length > 0) {
    patterns.push({
      name: 'tamper-decoy-groups',
      description: 'Policies attached to or put on a group a decoy declares',
      pattern: {
        source: ['aws.iam'],
        'detail-type': [API_CALL],
        detail: {
          eventSource: [IAM_SOURCE],
          eventName: sorted(GROUP_GRANT_CALLS),
          requestParameters: { groupName: anyCase(groups) },
        },
      },
    });
  }
  if (detector) patterns.push(...detectorPatterns());
  return patterns;
}

/**
 * The detector-tamper patterns, from the one table (detector-table.ts), packed into as few patterns
 * as fit the size quota. Resource names are left to the rule: they arrive as names or ARNs in
 * differently named fields, and these calls are rare enough that filtering by call alone keeps
 * volume tiny. Lambda event names carry an API version suffix, hence the prefixes.
 */
export function detectorPatterns(limit = PATTERN_LIMIT): NamedPattern[] {
  const wrap = (alternatives: EventPattern[]): NamedPattern => ({
    name: 'detector-tamper',
    description: 'Calls that could blind honeytrail: every resource it deploys (docs/tamper.md)',
    pattern: { 'detail-type': [API_CALL], detail: { $or: alternatives } },
  });
  const size = (alternatives: EventPattern[]) => JSON.stringify(wrap(alternatives).pattern).length;
  const alternatives: EventPattern[] = [];
  for (const [source, names] of callsBySource()) {
    const values = names.map((name): PatternValue => (source === LAMBDA ? { prefix: name } : name));
    // One source whose names alone overflow the quota is split into several alternatives.
    let chunk: PatternValue[] = [];
    for (const value of values) {
      if (chunk.length && size([{ eventSource: [source], eventName: [...chunk, value] }]) > limit) {
        alternatives.push({ eventSource: [source], eventName: chunk });
        chunk = [];
      }
      chunk.push(value);
    }
    if (chunk.length) alternatives.push({ eventSource: [source], eventName: chunk });
  }
  const out: NamedPattern[] = [];
  let batch: EventPattern[] = [];
  for (const alternative of alternatives) {
    if (batch.length && size([...batch, alternative]) > limit) {
      out.push(wrap(batch));
      batch = [];
    }
    batch.push(alternative);
  }
  if (batch.length) out.push(wrap(batch));
  for (const named of out) {
    const length = JSON.stringify(named.pattern).length;
    if (length > limit)
      throw new Error(`a detector-tamper pattern is ${length} characters, over the ${limit} quota`);
  }
  return out;
}

const LAMBDA = 'lambda.amazonaws.com';
