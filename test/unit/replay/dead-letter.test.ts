import { describe, expect, it } from '@jest/globals';
import { DeadLetterError, parseDeadLetter } from '../../../src/lib/queue/dead-letter.ts';
import type { QueueMessage } from '../../../src/lib/queue/sqs.ts';
import { cloudTrailEvent } from '../../support/events.ts';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:honeytrail-prod-detectUse';

function message(body: unknown, attributes: Record<string, string> = {}): QueueMessage {
  return {
    messageId: 'm-1',
    receiptHandle: 'r-1',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes,
    sentAt: 0,
    receiveCount: 1,
  };
}

describe('dead letters', () => {
  it('takes the event and the target function of an EventBridge dead letter from its body and attributes', () => {
    const event = cloudTrailEvent();
    const item = parseDeadLetter(
      message(event, { TARGET_ARN: FUNCTION_ARN, ERROR_CODE: 'Throttling', ERROR_MESSAGE: 'Rate exceeded' }),
    );
    expect(item).toMatchObject({ origin: 'rule-dead-letter', functionArn: FUNCTION_ARN, event });
    expect(item.reason).toBe('Throttling: Rate exceeded');
  });

  it('unwraps the original event from a Lambda on-failure record', () => {
    const event = cloudTrailEvent({ eventName: 'ListBuckets' });
    const record = {
      version: '1.0',
      timestamp: '2026-11-20T10:00:05.000Z',
      requestContext: {
        requestId: 'req-1',
        functionArn: `${FUNCTION_ARN}:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'ServiceUnavailable', errorMessage: 'table unavailable' },
    };
    const item = parseDeadLetter(message(record));
    expect(item).toMatchObject({
      origin: 'lambda-on-failure',
      functionArn: `${FUNCTION_ARN}:$LATEST`,
      event,
    });
    expect(item.reason).toBe('RetriesExhausted after 3 attempts');
  });

  it('lets --function override the target a message names', () => {
    const item = parseDeadLetter(message(cloudTrailEvent(), { TARGET_ARN: FUNCTION_ARN }), 'other-fn');
    expect(item.functionArn).toBe('other-fn');
  });

  it('refuses a body that is not JSON, naming the message', () => {
    const attempt = () => parseDeadLetter(message('not json'));
    expect(attempt).toThrow(DeadLetterError);
    expect(attempt).toThrow('message m-1: body is not JSON');
  });

  it('refuses an EventBridge dead letter without a target unless one is given', () => {
    expect(() => parseDeadLetter(message(cloudTrailEvent()))).toThrow(/no TARGET_ARN attribute/);
  });

  it('refuses a forwarder dead letter, meant for the home bus, unless a function is named', () => {
    const bus = 'arn:aws:events:us-east-1:123456789012:event-bus/default';
    expect(() => parseDeadLetter(message(cloudTrailEvent(), { TARGET_ARN: bus }))).toThrow(
      /is not a function/,
    );
    const item = parseDeadLetter(
      message(cloudTrailEvent(), { TARGET_ARN: bus }),
      'honeytrail-prod-detectUse',
    );
    expect(item.functionArn).toBe('honeytrail-prod-detectUse');
  });

  it('refuses JSON that is neither an event nor a failure record, naming the missing field', () => {
    expect(() => parseDeadLetter(message({ hello: 'world' }))).toThrow(/neither .* \(id\)/);
  });
});
