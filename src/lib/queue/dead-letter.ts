import * as z from 'zod';
import type { QueueMessage } from './sqs.ts';

/** A dead letter whose origin or target cannot be worked out: it stays in the queue. */
export class DeadLetterError extends Error {
  override name = 'DeadLetterError';
}

/** What Lambda writes to an on-failure destination after its asynchronous retries. */
export const FailureRecord = z.object({
  requestContext: z.object({
    functionArn: z.string().min(1),
    condition: z.string().optional(),
    approximateInvokeCount: z.number().optional(),
  }),
  requestPayload: z.unknown(),
  responsePayload: z.unknown().optional(),
});
export type FailureRecord = z.infer<typeof FailureRecord>;

/** An EventBridge event as it sits in a rule target's dead-letter queue. */
export const DeadEvent = z.looseObject({
  id: z.string(),
  'detail-type': z.string(),
  source: z.string(),
  detail: z.unknown(),
});

export interface ReplayItem {
  messageId: string;
  receiptHandle: string;
  origin: 'rule-dead-letter' | 'lambda-on-failure';
  functionArn: string;
  /** The original EventBridge event, exactly as the function first received it. */
  event: unknown;
  reason: string;
}

function parseJson(body: string, messageId: string): unknown {
  try {
    return JSON.parse(body);
  } catch (cause) {
    throw new DeadLetterError(`message ${messageId}: body is not JSON`, { cause });
  }
}

/**
 * Works out which function a dead letter was meant for and the event it carried. EventBridge puts
 * the event itself in the body and the target in the TARGET_ARN attribute; Lambda wraps the event
 * in a record naming the function.
 */
export function parseDeadLetter(message: QueueMessage, functionOverride?: string): ReplayItem {
  const body = parseJson(message.body, message.messageId);
  const base = { messageId: message.messageId, receiptHandle: message.receiptHandle };
  const failure = FailureRecord.safeParse(body);
  if (failure.success) {
    const { requestContext } = failure.data;
    return {
      ...base,
      origin: 'lambda-on-failure',
      functionArn: functionOverride ?? requestContext.functionArn,
      event: failure.data.requestPayload,
      reason: `${requestContext.condition ?? 'failed'} after ${requestContext.approximateInvokeCount ?? '?'} attempts`,
    };
  }
  const event = DeadEvent.safeParse(body);
  if (!event.success) {
    const path = event.error.issues[0]?.path.join('.') || '(body)';
    throw new DeadLetterError(
      `message ${message.messageId}: neither a Lambda failure record nor an EventBridge event (${path})`,
    );
  }
  const functionArn = functionOverride ?? message.attributes.TARGET_ARN;
  if (!functionArn) {
    throw new DeadLetterError(
      `message ${message.messageId}: no TARGET_ARN attribute; name the function with --function`,
    );
  }
  if (!functionOverride && !functionArn.includes(':lambda:')) {
    // A forwarder's dead letters were meant for the home event bus, not a function.
    throw new DeadLetterError(
      `message ${message.messageId}: target ${functionArn} is not a function; name one with --function`,
    );
  }
  return {
    ...base,
    origin: 'rule-dead-letter',
    functionArn,
    event: body,
    reason: [message.attributes.ERROR_CODE, message.attributes.ERROR_MESSAGE].filter(Boolean).join(': '),
  };
}
