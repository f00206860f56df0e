import { parseDeadLetter, type ReplayItem } from './dead-letter.ts';
import type { Invoker } from './invoke.ts';
import type { Queue } from './sqs.ts';

export interface ReplayOptions {
  queue: Pick<Queue, 'receive' | 'delete'>;
  invoker: Invoker;
  dryRun?: boolean;
  max?: number;
  functionOverride?: string;
  report?: (line: string) => void;
}

export interface ReplaySummary {
  replayed: number;
  failed: number;
  unreadable: number;
  wouldReplay: number;
}

/**
 * Drains a dead-letter queue into the functions. A message is deleted only after its function
 * returned without error; a failed or unreadable one becomes visible again after the timeout.
 * Replays are safe to repeat: the detection store records each CloudTrail event once.
 */
export async function replayQueue({
  queue,
  invoker,
  dryRun = false,
  max = 100,
  functionOverride,
  report = () => {},
}: ReplayOptions): Promise<ReplaySummary> {
  const summary: ReplaySummary = { replayed: 0, failed: 0, unreadable: 0, wouldReplay: 0 };
  const seen = new Set<string>();
  while (seen.size < max) {
    const batch = (await queue.receive(max - seen.size)).filter((message) => !seen.has(message.messageId));
    if (batch.length === 0) break;
    for (const message of batch) {
      seen.add(message.messageId);
      let item: ReplayItem;
      try {
        item = parseDeadLetter(message, functionOverride);
      } catch (error) {
        summary.unreadable += 1;
        report(`skip ${(error as Error).message}`);
        continue;
      }
      const what = `${item.messageId} (${item.origin}, ${item.reason || 'no reason given'}) → ${item.functionArn}`;
      if (dryRun) {
        summary.wouldReplay += 1;
        report(`would replay ${what}`);
        continue;
      }
      try {
        await invoker.invoke(item.functionArn, item.event);
      } catch (error) {
        summary.failed += 1;
        report(`failed ${what}: ${(error as Error).message}`);
        continue;
      }
      await queue.delete(item.receiptHandle);
      summary.replayed += 1;
      report(`replayed ${what}`);
    }
  }
  return summary;
}
