import { makePublisher } from '../alerts/sns.ts';
import type { Config } from '../config.ts';
import { ConfigError } from '../errors.ts';
import { makeInvoker } from './invoke.ts';
import type { RedriveDeps } from './run.ts';
import { makeQueue } from './sqs.ts';

/** Clients for the redrive, built once per container. */
export function buildRedrive(config: Config, overrides: Partial<RedriveDeps> = {}): RedriveDeps {
  if (config.REDRIVE_QUEUE_URLS.length === 0)
    throw new ConfigError('set REDRIVE_QUEUE_URLS to the dead-letter queue URLs the redrive empties');
  return {
    queues: config.REDRIVE_QUEUE_URLS.map((queueUrl) => makeQueue({ queueUrl })),
    invoker: makeInvoker(),
    publisher: makePublisher({ topicArn: config.TOPIC_ARN }),
    ...overrides,
  };
}
