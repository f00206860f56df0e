import type { AlertNotice } from '../alerts/render.ts';
import type { ChannelName, ChannelNotice } from '../channels/index.ts';
import { ChannelDeliveryError } from '../channels/index.ts';
import type { Detection } from '../detect/detection.ts';

/** The fan-out to chat, EventBridge and Security Hub, as the delivery path sees it. */
export interface ChannelFanOut {
  names: readonly ChannelName[];
  deliver(notice: ChannelNotice, options?: { only?: readonly ChannelName[] }): Promise<unknown>;
}

export const NO_CHANNELS: ChannelFanOut = { names: [], deliver: async () => [] };

/** The e-mail's notice as the channels' notice: same detection, same incident thread, same reason. */
export function channelNotice(detection: Detection | undefined, notice: AlertNotice): ChannelNotice {
  const kind: ChannelNotice['notice'] =
    notice.reason === 'opened'
      ? 'opened'
      : notice.reason === 'escalation'
        ? 'escalation'
        : notice.reason === 'update'
          ? 'update'
          : 'detection';
  const out: ChannelNotice = { notice: kind };
  if (detection) out.detection = detection;
  if (notice.incident) out.incident = notice.incident;
  if (notice.escalations.length)
    out.reason = notice.escalations.map((e) => `${e.kind.replace('-', ' ')} ${e.detail}`).join(', ');
  if (!detection) out.at = new Date(notice.now).toISOString();
  return out;
}

/**
 * Sends to every channel (or only to those a failed attempt left out) and remembers what failed, so
 * the retry repeats only those: the e-mail is not sent twice because Security Hub was down.
 */
export async function sendToChannels(
  channels: ChannelFanOut,
  notice: ChannelNotice,
  pending: Map<string, readonly ChannelName[]>,
  key: string,
): Promise<void> {
  if (!channels.names.length) return;
  const only = pending.get(key);
  try {
    await channels.deliver(notice, only ? { only } : {});
    pending.delete(key);
  } catch (error) {
    if (error instanceof ChannelDeliveryError) pending.set(key, error.failed);
    throw error;
  }
}
