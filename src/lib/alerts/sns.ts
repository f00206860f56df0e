import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { RenderedAlert } from './render.ts';

export interface PublisherOptions {
  topicArn: string;
  client?: SNSClient;
}

/** The one SNS adapter. One message per alert: e-mail text for e-mail, the Detection JSON for everything else. */
export function makePublisher({ topicArn, client = new SNSClient({}) }: PublisherOptions) {
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
          MessageAttributes: Object.fromEntries(
            Object.entries(alert.attributes).map(([name, value]) => [
              name,
              { DataType: 'String', StringValue: value },
            ]),
          ),
        }),
      );
      return result.MessageId;
    },
  };
}

export type Publisher = ReturnType<typeof makePublisher>;
