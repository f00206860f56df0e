import type { Context } from 'aws-lambda';
import type { EventPattern } from '../lib/decoys/patterns.ts';
import type { ProcessResult } from '../lib/pipeline/process.ts';
import { matchesPattern } from './event-pattern.ts';

/** One deployed rule as the local run sees it: its patterns and the handler it targets. */
export interface Route {
  rule: string;
  patterns: EventPattern[];
  invoke: (event: unknown, context: Context) => Promise<ProcessResult>;
}

export interface ReplayOutcome {
  rule: string;
  result?: ProcessResult;
  error?: string;
}

const DETAIL_TYPES: Record<string, string> = {
  AwsApiCall: 'AWS API Call via CloudTrail',
  AwsConsoleSignIn: 'AWS Console Sign In via CloudTrail',
  AwsServiceEvent: 'AWS Service Event via CloudTrail',
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Wraps a bare CloudTrail record (as found in S3 log files) the way EventBridge delivers it. */
export function toEnvelope(value: unknown): unknown {
  if (!isObject(value) || 'detail' in value || !('eventSource' in value)) return value;
  const eventSource = String(value.eventSource);
  return {
    version: '0',
    id: `replay-${String(value.eventID ?? 'unknown')}`,
    'detail-type': DETAIL_TYPES[String(value.eventType)] ?? DETAIL_TYPES.AwsApiCall,
    source: `aws.${eventSource.split('.')[0]}`,
    account: String(
      value.recipientAccountId ?? (isObject(value.userIdentity) ? value.userIdentity.accountId : ''),
    ),
    time: String(value.eventTime ?? ''),
    region: String(value.awsRegion ?? ''),
    resources: [],
    detail: value,
  };
}

/** Sends one event to every handler whose rule would match it, as EventBridge would. */
export async function routeEvent(
  event: unknown,
  routes: Route[],
  context: Context,
): Promise<ReplayOutcome[]> {
  const envelope = toEnvelope(event);
  if (!isObject(envelope)) return [];
  const outcomes: ReplayOutcome[] = [];
  for (const route of routes) {
    if (!route.patterns.some((pattern) => matchesPattern(pattern, envelope))) continue;
    try {
      outcomes.push({ rule: route.rule, result: await route.invoke(structuredClone(envelope), context) });
    } catch (error) {
      outcomes.push({ rule: route.rule, error: `${(error as Error).name}: ${(error as Error).message}` });
    }
  }
  return outcomes;
}

function eventTime(value: unknown): string {
  if (!isObject(value)) return '';
  const record = isObject(value.detail) ? value.detail : value;
  return typeof record.eventTime === 'string' ? record.eventTime : '';
}

/** Orders entries by CloudTrail event time; entries without one keep their place at the end. */
export function byEventTime<T extends object>(entries: T[]): T[] {
  const timed = entries.map((entry, index) => ({
    entry,
    index,
    time: 'value' in entry ? eventTime(entry.value) : '',
  }));
  return timed
    .sort((a, b) => {
      if (a.time && b.time && a.time !== b.time) return a.time < b.time ? -1 : 1;
      if (a.time && !b.time) return -1;
      if (!a.time && b.time) return 1;
      return a.index - b.index;
    })
    .map(({ entry }) => entry);
}
