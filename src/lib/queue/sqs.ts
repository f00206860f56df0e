import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

/** A received SQS message with its string attributes flattened. */
export interface QueueMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  /** When SQS accepted the message (epoch ms): the moment the event was dead-lettered. */
  sentAt: number;
  /** How many times the message has been received, this time included. */
  receiveCount: number;
}

export interface QueueOptions {
  queueUrl: string;
  client?: SQSClient;
}

/** The one SQS adapter: receive a batch, delete or hide one message, count what waits. */
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
          MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'],
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
                sentAt: Number(message.Attributes?.SentTimestamp ?? 0),
                receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
              },
            ]
          : [],
      );
    },
    async delete(receiptHandle: string): Promise<void> {
      await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }));
    },
    /** Hides a received message for `seconds` (0 shows it again at once): SQS's own backoff. */
    async changeVisibility(receiptHandle: string, seconds: number): Promise<void> {
      await client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: Math.round(seconds),
        }),
      );
    },
    /** Every message in the queue: visible, hidden by a backoff, or delayed. */
    async depth(): Promise<number> {
      const result = await client.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      );
      return Object.values(result.Attributes ?? {}).reduce((sum, value) => sum + Number(value), 0);
    },
  };
}

export type Queue = ReturnType<typeof makeQueue>;
