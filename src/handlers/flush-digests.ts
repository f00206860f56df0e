import middy from '@middy/core';
import { makePublisher } from '../lib/alerts/sns.ts';
import { loadConfig } from '../lib/config.ts';
import { logger } from '../lib/log.ts';
import { flushDigests } from '../lib/pipeline/flush.ts';
import { makeStore } from '../lib/store/dynamo.ts';

const config = loadConfig();
const deps = {
  store: makeStore({ tableName: config.TABLE_NAME, retentionDays: config.RETENTION_DAYS }),
  publisher: makePublisher({ topicArn: config.TOPIC_ARN }),
  digestSeconds: config.DIGEST_WINDOW_SECONDS,
  now: Date.now,
};

/** Schedule (every 15 minutes): the update e-mail for incidents that went quiet with calls not yet mailed. */
export const handler = middy().handler(async () => {
  const result = await flushDigests(deps);
  logger.info('flushed digests', { ...result });
  return result;
});
