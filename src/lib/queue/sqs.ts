import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

/** A received SQS message with its string attributes flattened. */
export interface QueueMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
}

export interface QueueOptions {
  queueUrl: string;
  client?: SQSClient;
}

/** The one SQS adapter: receive a batch, delete one message. */
export function makeQueue({ queueUrl, client = new SQSClient({}) }: QueueOptions) {
  return {
    queueUrl,
    async receive(max = 10, visibilityTimeoutSeconds = 60): Promise<QueueMessage[]> {
      const result = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(Math.max(max, 1), 10),
          VisibilityTimeout: visibilityTimeoutSeconds,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
        }),
      );
      return (result.Messages ?? []).flatMap((message) =>
        message.MessageId && message.ReceiptHandle
          ? [
              {
                messageId: message.MessageId,
                receiptHandle: message.ReceiptHandle,
                body: message.Body ?? '',
                attributes: Object.fromEntries(
                  Object.entries(message.MessageAttributes ?? {}).flatMap(([name, value]) =>
                    value.StringValue === undefined ? [] : [[name, value.StringValue]],
                  ),
                ),
              },
            ]
          : [],
      );
    },
    async delete(receiptHandle: string): Promise<void> {
      await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }));
    },
  };
}

export type Queue = ReturnType<typeof makeQueue>;
