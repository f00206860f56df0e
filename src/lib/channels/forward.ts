import { alertNotice, type PendingChannels, type SnsLambdaEvent } from './from-alert.ts';
import { ChannelDeliveryError, type ChannelName, type ChannelNotice, type ChannelOutcome } from './index.ts';

export interface Forwarder {
  names: readonly ChannelName[];
  deliver(notice: ChannelNotice, options?: { only?: readonly ChannelName[] }): Promise<ChannelOutcome[]>;
}

export interface ForwardResult {
  messageId: string;
  notice: ChannelNotice['notice'];
  outcomes: ChannelOutcome[];
}

/**
 * Every alert of the topic to every enabled channel. A channel that fails fails the invocation, so
 * Lambda retries it (and the redrive after that); the retry sends only the channels that failed.
 */
export async function forwardAlerts(
  event: SnsLambdaEvent,
  channels: Forwarder,
  pending: PendingChannels,
): Promise<ForwardResult[]> {
  const results: ForwardResult[] = [];
  for (const record of event.Records) {
    const { messageId, notice } = alertNotice(record);
    const only = pending.get(messageId);
    try {
      const outcomes = await channels.deliver(notice, only ? { only } : {});
      pending.delete(messageId);
      results.push({ messageId, notice: notice.notice, outcomes });
    } catch (error) {
      if (error instanceof ChannelDeliveryError) pending.set(messageId, error.failed);
      throw error;
    }
  }
  return results;
}
