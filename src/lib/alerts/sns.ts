import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { RenderedAlert } from './render.ts';

const messageAttributes = (attributes: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
  );

export interface PublisherOptions {
  topicArn: string;
  client?: SNSClient;
}

/**
 * The one SNS adapter. One message per alert: e-mail text for e-mail, the Detection JSON for everything
 * else. The client makes a single attempt: Lambda's retry is the only retry layer, so a reply lost
 * after delivery costs at most one repeated e-mail, not four.
 */
export function makePublisher({ topicArn, client = new SNSClient({ maxAttempts: 1 }) }: PublisherOptions) {
  return {
    async publish(alert: RenderedAlert): Promise<string | undefined> {
      const result = await client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Subject: alert.subject,
          MessageStructure: 'json',
          Message: JSON.stringify({
            default: alert.json,
            email: alert.email,
            'email-json': alert.json,
            sqs: alert.json,
            lambda: alert.json,
            http: alert.json,
            https: alert.json,
          }),
          MessageAttributes: messageAttributes(alert.attributes),
        }),
      );
      return result.MessageId;
    },
  };
}

export type Publisher = ReturnType<typeof makePublisher>;

/**
 * One plain message per publish, the same body for every protocol: what AWS's chat integration reads
 * from the chat topic (a custom notification as JSON). Attributes let subscriptions filter.
 */
export function makeMessagePublisher({ topicArn, client = new SNSClient({}) }: PublisherOptions) {
  return {
    async publish(message: string, attributes: Record<string, string> = {}): Promise<string | undefined> {
      const result = await client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: message,
          MessageAttributes: messageAttributes(attributes),
        }),
      );
      return result.MessageId;
    },
  };
}

export type MessagePublisher = ReturnType<typeof makeMessagePublisher>;
