import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ReplayInvokeError } from '../../src/lib/queue/invoke.ts';
import { redriveQueue } from '../../src/lib/queue/redrive.ts';
import { makeQueue } from '../../src/lib/queue/sqs.ts';
import { lambdaContext } from '../../src/local/lambda-context.ts';
import { type LocalStack, startLocalStack } from '../../src/local/stack.ts';
import { cloudTrailEvent } from '../support/events.ts';
import { type Moto, startMoto } from '../support/moto.ts';

type HandlerModule = typeof import('../../src/handlers/detect-use.ts');

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:honeytrail-test-detectUse';
let moto: Moto;
let stack: LocalStack;
let sqs: SQSClient;
let mod: HandlerModule;

beforeAll(async () => {
  [moto, stack] = await Promise.all([startMoto(), startLocalStack({ tableName: 'redrive-tests' })]);
  Object.assign(process.env, stack.env, { DECOYS_FILE: 'test/events/decoys.yml' });
  sqs = new SQSClient({ region: 'us-east-1', endpoint: moto.endpoint });
  mod = await import('../../src/handlers/detect-use.ts');
}, 30_000);
afterAll(async () => {
  sqs.destroy();
  await Promise.all([moto.stop(), stack.stop()]);
});

async function queueWith(name: string, bodies: string[]) {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  for (const body of bodies) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
  return makeQueue({ queueUrl: QueueUrl ?? '', client: sqs });
}

const failureRecord = (event: unknown) =>
  JSON.stringify({
    requestContext: {
      functionArn: `${FUNCTION_ARN}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload: event,
    responsePayload: { errorMessage: 'connect ECONNREFUSED' },
  });

/** Invokes the real detect-use handler, as Lambda would for a synchronous invoke of that ARN. */
const lambda = {
  async invoke(functionArn: string, event: unknown) {
    if (!functionArn.startsWith(FUNCTION_ARN)) throw new ReplayInvokeError(`unknown function ${functionArn}`);
    await mod.handler(event as Parameters<HandlerModule['handler']>[0], lambdaContext('detect-use'));
  },
};

describe('redrive against SQS (moto) and the real handler', () => {
  it('turns dead-lettered decoy events into alerts and empties the queue', async () => {
    // Two decoys, so each event opens its own incident and is mailed (a second call to one decoy is held).
    const events = [
      cloudTrailEvent({ sourceIPAddress: '198.51.100.41' }),
      cloudTrailEvent({
        sourceIPAddress: '198.51.100.42',
        userName: 'ci-cd-deploy-admin',
        accessKeyId: 'AKIAY4M2PZ7NQ3XR5TKL',
      }),
    ];
    const queue = await queueWith('failed-invocations', events.map(failureRecord));
    const summary = await redriveQueue({ queue, invoker: lambda });
    expect(summary).toMatchObject({ redriven: 2, failed: 0, unreadable: 0, waiting: 0 });
    const alerts = await stack.inbox.waitFor(2);
    expect(
      alerts.map((alert) => (JSON.parse(alert.json) as { event: { id: string } }).event.id).sort(),
    ).toEqual(events.map((event) => event.detail.eventID).sort());
  });

  it('hides a message that still fails for its backoff instead of dropping it', async () => {
    const queue = await queueWith('still-failing', [failureRecord({ not: 'an EventBridge event' })]);
    const summary = await redriveQueue({ queue, invoker: lambda });
    expect(summary).toMatchObject({ redriven: 0, failed: 1, waiting: 1 });
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queue.queueUrl,
        AttributeNames: ['ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(Attributes?.ApproximateNumberOfMessagesNotVisible).toBe('1');
    expect(await queue.receive(10, 0)).toEqual([]);
  });
});
