import {
  DescribeRuleCommand,
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';

export interface RuleInfo {
  name: string;
  /** Undefined when the rule does not exist. */
  state?: string;
  eventPattern?: string;
  /** Set on scheduled rules (the audit's own), which see no CloudTrail events and run plain ENABLED. */
  scheduleExpression?: string;
  eventBusName?: string;
}

/** PutEvents accepted the call but refused entries (FailedEntryCount > 0): a failed delivery. */
export class PutEventsError extends Error {
  override name = 'PutEventsError';
}

/** At most 10 entries and 256 KB per PutEvents call. */
const MAX_ENTRIES = 10;
const MAX_BYTES = 256 * 1024;
/** Entry size as EventBridge counts it: 14 bytes for Time, then the UTF-8 bytes of the other fields. */
export const eventEntrySize = (entry: PutEventsRequestEntry): number =>
  14 +
  [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])].reduce(
    (sum, text) => sum + Buffer.byteLength(text ?? '', 'utf8'),
    0,
  );

function batches(entries: PutEventsRequestEntry[]): PutEventsRequestEntry[][] {
  const out: PutEventsRequestEntry[][] = [];
  let batch: PutEventsRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = eventEntrySize(entry);
    if (batch.length === MAX_ENTRIES || (batch.length > 0 && bytes + size > MAX_BYTES)) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(entry);
    bytes += size;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

const isNotFound = (error: unknown): boolean =>
  (error as Error | undefined)?.name === 'ResourceNotFoundException';

/** The one EventBridge adapter. */
export function makeEventBridge({ client = new EventBridgeClient({}) }: { client?: EventBridgeClient } = {}) {
  return {
    /** Rule state and pattern; `eventBus` accepts a bus name or ARN ("default" when omitted). */
    async describeRule(name: string, eventBus?: string): Promise<RuleInfo> {
      try {
        const rule = await client.send(
          new DescribeRuleCommand({ Name: name, ...(eventBus ? { EventBusName: eventBus } : {}) }),
        );
        return {
          name,
          ...(rule.State ? { state: rule.State } : {}),
          ...(rule.EventPattern ? { eventPattern: rule.EventPattern } : {}),
          ...(rule.ScheduleExpression ? { scheduleExpression: rule.ScheduleExpression } : {}),
          ...(rule.EventBusName ? { eventBusName: rule.EventBusName } : {}),
        };
      } catch (error) {
        if (isNotFound(error)) return { name };
        throw error;
      }
    },
    /** Puts the entries (batched by count and size); any refused entry fails the whole delivery. */
    async putEvents(entries: PutEventsRequestEntry[]): Promise<string[]> {
      const ids: string[] = [];
      for (const batch of batches(entries)) {
        const result = await client.send(new PutEventsCommand({ Entries: batch }));
        if ((result.FailedEntryCount ?? 0) > 0) {
          const failures = (result.Entries ?? [])
            .map((entry, index) => ({ entry, detailType: batch[index]?.DetailType }))
            .filter(({ entry }) => entry.ErrorCode)
            .map(({ entry, detailType }) =>
              `${detailType}: ${entry.ErrorCode} ${entry.ErrorMessage ?? ''}`.trim(),
            );
          throw new PutEventsError(
            `EventBridge refused ${result.FailedEntryCount} of ${batch.length} event(s): ${failures.join('; ')}`,
          );
        }
        for (const entry of result.Entries ?? []) if (entry.EventId) ids.push(entry.EventId);
      }
      return ids;
    },
  };
}

export type EventBridge = ReturnType<typeof makeEventBridge>;
