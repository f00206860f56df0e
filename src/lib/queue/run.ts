import type { Publisher } from '../alerts/sns.ts';
import type { Invoker } from './invoke.ts';
import { overdueNotice } from './overdue.ts';
import { type RedriveQueue, type RedriveSummary, redriveQueue } from './redrive.ts';

export interface RedriveDeps {
  queues: RedriveQueue[];
  invoker: Invoker;
  publisher: Pick<Publisher, 'publish'>;
  now?: () => number;
  outOfTime?: () => boolean;
  report?: (line: string) => void;
}

/**
 * One scheduled run: every dead-letter queue in turn, then one notice per queue whose messages just
 * completed a day of waiting. If the notice cannot be sent, those messages are shown again so the next
 * run reports them, and the run fails.
 */
export async function runRedrive(deps: RedriveDeps): Promise<RedriveSummary[]> {
  const summaries: RedriveSummary[] = [];
  for (const queue of deps.queues) {
    const summary = await redriveQueue({
      queue,
      invoker: deps.invoker,
      ...(deps.now ? { now: deps.now } : {}),
      ...(deps.outOfTime ? { outOfTime: deps.outOfTime } : {}),
      ...(deps.report ? { report: deps.report } : {}),
    });
    summaries.push(summary);
    const notice = overdueNotice(summary);
    if (!notice) continue;
    try {
      await deps.publisher.publish(notice);
    } catch (error) {
      await Promise.allSettled(
        summary.overdue.map((message) => queue.changeVisibility(message.receiptHandle, 0)),
      );
      throw error;
    }
  }
  return summaries;
}
