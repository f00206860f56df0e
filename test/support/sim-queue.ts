import type { RedriveQueue } from '../../src/lib/queue/redrive.ts';
import type { QueueMessage } from '../../src/lib/queue/sqs.ts';

interface Stored {
  messageId: string;
  body: string;
  sentAt: number;
  visibleAt: number;
  receiveCount: number;
}

/**
 * An SQS queue on the simulated clock (moto's SQS keeps real time, and the suite jumps hours ahead):
 * visibility timeouts, receive counts and SentTimestamp as SQS defines them, nothing else.
 */
export function makeSimQueue(queueUrl: string, now: () => number) {
  const messages = new Map<string, Stored>();
  let nextId = 1;
  const handle = (message: Stored) => `${message.messageId}#${message.receiveCount}`;
  const byHandle = (receiptHandle: string) => {
    const [id, count] = receiptHandle.split('#');
    const message = messages.get(id ?? '');
    return message && String(message.receiveCount) === count ? message : undefined;
  };
  const queue: RedriveQueue & { send(body: string): void } = {
    queueUrl,
    send(body) {
      const messageId = `dl-${nextId++}`;
      messages.set(messageId, { messageId, body, sentAt: now(), visibleAt: now(), receiveCount: 0 });
    },
    async receive(max = 10, visibilityTimeoutSeconds = 60): Promise<QueueMessage[]> {
      const visible = [...messages.values()]
        .filter((message) => message.visibleAt <= now())
        .slice(0, Math.min(max, 10));
      return visible.map((message) => {
        message.receiveCount += 1;
        message.visibleAt = now() + visibilityTimeoutSeconds * 1000;
        return {
          messageId: message.messageId,
          receiptHandle: handle(message),
          body: message.body,
          attributes: {},
          sentAt: message.sentAt,
          receiveCount: message.receiveCount,
        };
      });
    },
    async delete(receiptHandle) {
      const message = byHandle(receiptHandle);
      if (message) messages.delete(message.messageId);
    },
    async changeVisibility(receiptHandle, seconds) {
      const message = byHandle(receiptHandle);
      if (message) message.visibleAt = now() + seconds * 1000;
    },
    async depth() {
      return messages.size;
    },
  };
  return queue;
}
