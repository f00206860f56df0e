import middy from '@middy/core';
import { forwardAlerts } from '../lib/channels/forward.ts';
import { type PendingChannels, SnsLambdaEvent } from '../lib/channels/from-alert.ts';
import { makeChannels } from '../lib/channels/index.ts';
import { loadConfig } from '../lib/config.ts';
import { logger } from '../lib/log.ts';
import { parseEvent } from '../lib/middleware/parse-event.ts';

const channels = makeChannels(loadConfig());
const pending: PendingChannels = new Map();

/** Alert topic (SNS, lambda protocol) → chat topic, EventBridge events and Security Hub findings. */
export const handler = middy<SnsLambdaEvent>()
  .use(parseEvent(SnsLambdaEvent, 'SNS notification'))
  .handler(async (event) => {
    const results = await forwardAlerts(event, channels, pending);
    logger.info('forwarded', { results: results.map((r) => ({ id: r.messageId, notice: r.notice })) });
    return results;
  });
