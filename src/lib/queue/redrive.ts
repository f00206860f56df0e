import { isOverdue, OVERDUE_WINDOW_SECONDS, retryDelaySeconds } from './backoff.ts';
import { parseDeadLetter, type ReplayItem } from './dead-letter.ts';
import type { Invoker } from './invoke.ts';
import type { Queue, QueueMessage } from './sqs.ts';

export type RedriveQueue = Pick<Queue, 'queueUrl' | 'receive' | 'delete' | 'changeVisibility' | 'depth'>;

export interface RedriveOptions {
  queue: RedriveQueue;
  invoker: Invoker;
  now?: () => number;
  /** Messages looked at in one round, at most. */
  maxMessages?: number;
  /** This many failed redrives in a row mean the dependency is still down: stop and wait for the next round. */
  pauseAfterFailures?: number;
  /** How long a received batch stays hidden while the round works on it (10 invocations of up to 30 s). */
  batchVisibilitySeconds?: number;
  /** True when the round must stop taking new messages (the function is about to time out). */
  outOfTime?: () => boolean;
  report?: (line: string) => void;
}

/** A message that has just completed one or more whole days in the queue. */
export interface OverdueMessage {
  messageId: string;
  receiptHandle: string;
  ageSeconds: number;
  item?: ReplayItem;
  problem?: string;
}

export interface RedriveSummary {
  queueUrl: string;
  redriven: number;
  failed: number;
  unreadable: number;
  /** The round stopped early: the dependency still fails, or time ran out. */
  paused: boolean;
  /** Messages still in the queue after the round. */
  waiting: number;
  overdue: OverdueMessage[];
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One scheduled round over a dead-letter queue. Each message is re-invoked synchronously and deleted
 * only after its function succeeded. A failed one hides with an exponential backoff (SQS visibility),
 * so one bad event costs little; several failures in a row mean the dependency is still down, and the
 * round stops so the next one probes again. Messages that just completed a whole day of waiting are
 * returned as overdue, for the report the SOC gets.
 */
export async function redriveQueue({
  queue,
  invoker,
  now = Date.now,
  maxMessages = 100,
  pauseAfterFailures = 2,
  batchVisibilitySeconds = 330,
  outOfTime = () => false,
  report = () => {},
}: RedriveOptions): Promise<RedriveSummary> {
  const summary: RedriveSummary = {
    queueUrl: queue.queueUrl,
    redriven: 0,
    failed: 0,
    unreadable: 0,
    paused: false,
    waiting: 0,
    overdue: [],
  };
  const seen = new Set<string>();
  let failuresInARow = 0;

  /** Hides a message that stays: until its backoff ends, and past the overdue window once reported. */
  async function keep(message: QueueMessage, seconds: number, overdue: boolean): Promise<void> {
    await queue.changeVisibility(
      message.receiptHandle,
      overdue ? Math.max(seconds, OVERDUE_WINDOW_SECONDS) : seconds,
    );
  }

  async function handle(message: QueueMessage): Promise<void> {
    const ageSeconds = Math.max(0, (now() - message.sentAt) / 1000);
    const overdue = isOverdue(ageSeconds);
    let item: ReplayItem | undefined;
    try {
      item = parseDeadLetter(message);
    } catch (error) {
      summary.unreadable += 1;
      report(`unreadable ${errorText(error)}`);
      if (overdue)
        summary.overdue.push({
          messageId: message.messageId,
          receiptHandle: message.receiptHandle,
          ageSeconds,
          problem: errorText(error),
        });
      // Nothing can redrive it: look again at the next day mark, for the report.
      await keep(message, retryDelaySeconds(Number.POSITIVE_INFINITY, ageSeconds), overdue);
      return;
    }
    if (overdue)
      summary.overdue.push({
        messageId: message.messageId,
        receiptHandle: message.receiptHandle,
        ageSeconds,
        item,
      });
    if (summary.paused) {
      // Not tried in this round: visible again for the next one (or hidden past the overdue window).
      await keep(message, 0, overdue);
      return;
    }
    try {
      await invoker.invoke(item.functionArn, item.event);
    } catch (error) {
      summary.failed += 1;
      failuresInARow += 1;
      const delay = retryDelaySeconds(message.receiveCount, ageSeconds);
      report(`failed ${message.messageId} → ${item.functionArn} (retry in ${delay} s): ${errorText(error)}`);
      if (failuresInARow >= pauseAfterFailures) {
        summary.paused = true;
        report(`paused after ${failuresInARow} failures in a row: the dependency still fails`);
      }
      await keep(message, delay, overdue);
      return;
    }
    failuresInARow = 0;
    await queue.delete(message.receiptHandle);
    summary.redriven += 1;
    report(`redriven ${message.messageId} (${item.reason || 'no reason given'}) → ${item.functionArn}`);
  }

  while (seen.size < maxMessages) {
    if (!summary.paused && outOfTime()) {
      summary.paused = true;
      report('paused: out of time for this round');
    }
    const received = await queue.receive(maxMessages - seen.size, batchVisibilitySeconds);
    // Messages let go earlier in this round come back: receiving hid them again, so let them go again.
    const again = received.filter((message) => seen.has(message.messageId));
    await Promise.all(again.map((message) => queue.changeVisibility(message.receiptHandle, 0)));
    const batch = received.filter((message) => !seen.has(message.messageId));
    if (batch.length === 0) break;
    // Oldest first: the events that waited longest go back first.
    batch.sort((a, b) => a.sentAt - b.sentAt);
    for (const message of batch) {
      seen.add(message.messageId);
      await handle(message);
    }
  }
  summary.waiting = await queue.depth();
  return summary;
}
