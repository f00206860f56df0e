import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { makeInvoker } from '../../../src/lib/queue/invoke.ts';
import { replayQueue } from '../../../src/lib/queue/replay.ts';
import { makeQueue } from '../../../src/lib/queue/sqs.ts';
import { cloudTrailEvent } from '../../support/events.ts';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/honeytrail-prod-rules-dlq';
const GOOD = 'arn:aws:lambda:us-east-1:123456789012:function:honeytrail-prod-detectUse';
const BROKEN = 'arn:aws:lambda:us-east-1:123456789012:function:honeytrail-prod-detectTamper';

const sqs = mockClient(SQSClient);
const lambda = mockClient(LambdaClient);

/** The SDK's response payload: bytes that can also turn themselves into a string. */
function blob(text: string) {
  return Object.assign(new TextEncoder().encode(text), { transformToString: () => text });
}

function deadLetter(id: string, target: string, body: unknown = cloudTrailEvent()) {
  return {
    MessageId: id,
    ReceiptHandle: `receipt-${id}`,
    Body: JSON.stringify(body),
    MessageAttributes: { TARGET_ARN: { DataType: 'String', StringValue: target } },
  };
}

function run(dryRun = false) {
  const lines: string[] = [];
  const summary = replayQueue({
    queue: makeQueue({ queueUrl: QUEUE_URL, client: new SQSClient({ region: 'us-east-1' }) }),
    invoker: makeInvoker({ client: new LambdaClient({ region: 'us-east-1' }) }),
    dryRun,
    report: (line) => lines.push(line),
  });
  return { summary, lines };
}

beforeEach(() => {
  sqs.reset();
  lambda.reset();
  sqs
    .on(ReceiveMessageCommand)
    .resolvesOnce({
      Messages: [deadLetter('a', GOOD), deadLetter('b', BROKEN), { ...deadLetter('c', GOOD), Body: '{' }],
    })
    .resolves({ Messages: [] });
  sqs.on(DeleteMessageCommand).resolves({});
  lambda.on(InvokeCommand, { FunctionName: GOOD }).resolves({ StatusCode: 200 });
  lambda.on(InvokeCommand, { FunctionName: BROKEN }).resolves({
    StatusCode: 200,
    FunctionError: 'Unhandled',
    Payload: blob('{"errorMessage":"still broken"}'),
  });
});

describe('dead-letter replay', () => {
  it('re-invokes each function synchronously with the original event and deletes only what succeeded', async () => {
    const { summary, lines } = run();
    expect(await summary).toEqual({ replayed: 1, failed: 1, unreadable: 1, wouldReplay: 0 });

    const invokes = lambda.commandCalls(InvokeCommand).map((call) => call.args[0].input);
    expect(invokes.map((input) => input.InvocationType)).toEqual(['RequestResponse', 'RequestResponse']);
    const payload = JSON.parse(new TextDecoder().decode(invokes[0]?.Payload as Uint8Array));
    expect(payload.detail.eventName).toBe('GetCallerIdentity');

    const deleted = sqs.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input.ReceiptHandle);
    expect(deleted).toEqual(['receipt-a']);
    expect(lines.join('\n')).toMatch(/failed b .*still broken/);
  });

  it('invokes and deletes nothing in a dry run', async () => {
    const { summary, lines } = run(true);
    expect(await summary).toEqual({ replayed: 0, failed: 0, unreadable: 1, wouldReplay: 2 });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    expect(lines.filter((line) => line.startsWith('would replay'))).toHaveLength(2);
  });

  it('stops when the queue only hands back messages it has already seen', async () => {
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [deadLetter('a', BROKEN)] });
    const { summary } = run();
    expect(await summary).toMatchObject({ failed: 1 });
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(2);
  });
});
