import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { SNSClient } from '@aws-sdk/client-sns';
import { makeMessagePublisher } from '../alerts/sns.ts';
import { makeEventBridge } from '../aws/eventbridge.ts';
import { makeSecurityHub } from '../aws/securityhub.ts';
import type { Config } from '../config.ts';
import { productTarget, toAsffFinding } from './asff.ts';
import { toChatNotification } from './chat.ts';
import { toEventEntries } from './events.ts';
import type { ChannelNotice } from './notice.ts';

export type { ChannelNotice, IncidentSummary, NoticeKind } from './notice.ts';

export type ChannelName = 'chat' | 'events' | 'securityHub';

export interface Channel {
  name: ChannelName;
  /** `skipped` when the notice has nothing for this channel (an incident update has no finding). */
  send(notice: ChannelNotice): Promise<'sent' | 'skipped'>;
}

export interface ChannelOutcome {
  channel: ChannelName;
  status: 'sent' | 'skipped' | 'failed';
  error?: unknown;
}

/** At least one channel failed; `outcomes` says which were sent, so a retry can send only `failed`. */
export class ChannelDeliveryError extends Error {
  override name = 'ChannelDeliveryError';
  constructor(
    readonly outcomes: ChannelOutcome[],
    options?: ErrorOptions,
  ) {
    const failed = outcomes.filter((outcome) => outcome.status === 'failed');
    super(
      `${failed.length} channel(s) failed: ${failed
        .map(
          (outcome) =>
            `${outcome.channel}: ${(outcome.error as Error | undefined)?.message ?? outcome.error}`,
        )
        .join('; ')}`,
      options,
    );
  }
  get failed(): ChannelName[] {
    return this.outcomes.filter((outcome) => outcome.status === 'failed').map((outcome) => outcome.channel);
  }
}

export type ChannelsConfig = Pick<
  Config,
  'TOPIC_ARN' | 'CHAT_TOPIC_ARN' | 'EVENT_BUS_NAME' | 'SECURITY_HUB_PRODUCT_ARN'
>;

/** Clients built once per container by the caller (or left to the defaults). */
export interface ChannelClients {
  sns?: SNSClient;
  eventBridge?: EventBridgeClient;
  securityHub?: SecurityHubClient;
}

const partitionOf = (arn: string): string => arn.split(':')[1] ?? 'aws';

/** Each enabled channel is one adapter; settings come from the config read once at startup. */
export function channelsFromConfig(config: ChannelsConfig, clients: ChannelClients = {}): Channel[] {
  const channels: Channel[] = [];
  if (config.CHAT_TOPIC_ARN) {
    const chat = makeMessagePublisher({
      topicArn: config.CHAT_TOPIC_ARN,
      ...(clients.sns ? { client: clients.sns } : {}),
    });
    channels.push({
      name: 'chat',
      async send(notice) {
        const payload = toChatNotification(notice);
        const attributes: Record<string, string> = { notice: notice.notice };
        if (notice.detection)
          Object.assign(attributes, { severity: notice.detection.severity, kind: notice.detection.kind });
        await chat.publish(JSON.stringify(payload), attributes);
        return 'sent';
      },
    });
  }
  if (config.EVENT_BUS_NAME) {
    const bus = makeEventBridge(clients.eventBridge ? { client: clients.eventBridge } : {});
    const options = { busName: config.EVENT_BUS_NAME, partition: partitionOf(config.TOPIC_ARN) };
    channels.push({
      name: 'events',
      async send(notice) {
        await bus.putEvents(toEventEntries(notice, options));
        return 'sent';
      },
    });
  }
  if (config.SECURITY_HUB_PRODUCT_ARN) {
    const hub = makeSecurityHub(clients.securityHub ? { client: clients.securityHub } : {});
    const target = productTarget(config.SECURITY_HUB_PRODUCT_ARN);
    channels.push({
      name: 'securityHub',
      async send(notice) {
        if (!notice.detection) return 'skipped';
        await hub.importFindings([toAsffFinding(notice, target)]);
        return 'sent';
      },
    });
  }
  return channels;
}

export interface DeliverOptions {
  /** Send to these channels only: what a retry passes after a ChannelDeliveryError. */
  only?: readonly ChannelName[];
}

/**
 * The fan-out the delivery path calls with one notice. Every selected channel is tried, in parallel;
 * when any fails, it rejects with a ChannelDeliveryError naming which were sent and which failed.
 */
export function makeChannels(config: ChannelsConfig, clients: ChannelClients = {}) {
  return fanOut(channelsFromConfig(config, clients));
}

export function fanOut(channels: readonly Channel[]) {
  return {
    names: channels.map((channel) => channel.name),
    async deliver(notice: ChannelNotice, options: DeliverOptions = {}): Promise<ChannelOutcome[]> {
      const selected = channels.filter((channel) => !options.only || options.only.includes(channel.name));
      const settled = await Promise.allSettled(selected.map((channel) => channel.send(notice)));
      const outcomes: ChannelOutcome[] = settled.map((result, index) => {
        const channel = (selected[index] as Channel).name;
        return result.status === 'fulfilled'
          ? { channel, status: result.value }
          : { channel, status: 'failed', error: result.reason };
      });
      const firstError = outcomes.find((outcome) => outcome.status === 'failed')?.error;
      if (firstError !== undefined) throw new ChannelDeliveryError(outcomes, { cause: firstError });
      return outcomes;
    },
  };
}

export type Channels = ReturnType<typeof makeChannels>;
