import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { makePublisher } from '../../src/lib/alerts/sns.ts';
import { loadConfig } from '../../src/lib/config.ts';
import { ALL_RULES } from '../../src/lib/detect/all-rules.ts';
import { makeCloudTrailHandler } from '../../src/lib/middleware/handler.ts';
import { buildPipeline } from '../../src/lib/pipeline/build.ts';
import type { ProcessDeps } from '../../src/lib/pipeline/process.ts';
import { makeStore } from '../../src/lib/store/dynamo.ts';
import { lambdaContext } from '../../src/local/lambda-context.ts';
import type { LocalStack } from '../../src/local/stack.ts';
import { startLocalStack } from '../../src/local/stack.ts';
import { cloudTrailEvent } from '../support/events.ts';

type HandlerModule = typeof import('../../src/handlers/detect-use.ts');

let stack: LocalStack;
let mod: HandlerModule;
const context = lambdaContext('detect-use');

beforeAll(async () => {
  stack = await startLocalStack({ tableName: 'use-tests' });
  Object.assign(process.env, stack.env, { DECOYS_FILE: 'test/events/decoys.yml' });
  mod = await import('../../src/handlers/detect-use.ts');
});
afterAll(async () => stack.stop());
beforeEach(() => stack.inbox.clear());

const ddb = () => new DynamoDBClient({});

async function itemsFor(eventId: string) {
  const result = await ddb().send(
    new ScanCommand({
      TableName: 'use-tests',
      FilterExpression: 'begins_with(pk, :p)',
      ExpressionAttributeValues: { ':p': { S: `DET#${eventId}` } },
    }),
  );
  return result.Items ?? [];
}

/** A client whose next `count` calls of one command fail before reaching the wire. */
function failing<T extends DynamoDBClient | SNSClient>(client: T, command: string, count: number): T {
  let left = count;
  client.middlewareStack.add(
    (next, ctx) => async (args) => {
      if (ctx.commandName === command && left > 0) {
        left -= 1;
        throw Object.assign(new Error(`injected ${command} failure`), { name: 'ServiceUnavailable' });
      }
      return next(args);
    },
    { step: 'initialize', name: 'faultInjection' },
  );
  return client;
}

function pipelineWith(overrides: { ddb?: DynamoDBClient; sns?: SNSClient; now?: () => number }): ProcessDeps {
  const config = loadConfig();
  return buildPipeline(config, ALL_RULES, {
    store: makeStore({
      tableName: config.TABLE_NAME,
      retentionDays: 30,
      client: overrides.ddb ?? ddb(),
      ...(overrides.now ? { now: overrides.now } : {}),
    }),
    publisher: makePublisher({ topicArn: config.TOPIC_ARN, client: overrides.sns ?? new SNSClient({}) }),
  });
}

describe('detect-use handler against dynalite and the SNS emulator', () => {
  it('stores one record and sends one alert when EventBridge delivers the same event five times', async () => {
    const event = cloudTrailEvent({ sourceIPAddress: '198.51.100.10' });
    const outcomes = [];
    for (let i = 0; i < 5; i += 1) outcomes.push(await mod.handler(structuredClone(event), context));
    expect(outcomes.map((o) => o.detections[0]?.outcome)).toEqual([
      'alerted',
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    const alerts = await stack.inbox.waitFor(1);
    expect((await stack.inbox.settle()).length).toBe(1);
    expect(alerts[0]?.subject).toMatch(
      /^\[honeytrail\] CRITICAL key-use: prod-db-backup-user - sts:GetCallerIdentity$/,
    );
    expect(alerts[0]?.attributes).toMatchObject({ severity: 'critical', kind: 'use' });
    expect(alerts[0]?.email).toContain('credentials.txt in the private repo acme/payments');
    const items = await itemsFor(event.detail.eventID);
    expect(items).toHaveLength(1);
    expect(items[0]?.alertState?.S).toBe('sent');
    expect(items[0]?.deliveries?.N).toBe('5');
    expect(Number(items[0]?.expiresAt?.N)).toBeGreaterThan(Date.now() / 1000);
  });

  it('fails the invocation when DynamoDB is down, and the retry stores and alerts once', async () => {
    const event = cloudTrailEvent({ sourceIPAddress: '198.51.100.11' });
    const broken = makeCloudTrailHandler(pipelineWith({ ddb: failing(ddb(), 'PutItemCommand', 1) }));
    await expect(broken(structuredClone(event), context)).rejects.toThrow(/injected PutItemCommand failure/);
    expect(await itemsFor(event.detail.eventID)).toHaveLength(0);
    expect(await stack.inbox.settle()).toHaveLength(0);

    await broken(structuredClone(event), context);
    await broken(structuredClone(event), context);
    expect(await stack.inbox.waitFor(1)).toHaveLength(1);
    expect(await stack.inbox.settle()).toHaveLength(1);
    expect(await itemsFor(event.detail.eventID)).toHaveLength(1);
  });

  it('fails the invocation when SNS is down, and the retry sends the missing alert exactly once', async () => {
    const event = cloudTrailEvent({ sourceIPAddress: '198.51.100.12' });
    let clock = Date.now();
    const broken = makeCloudTrailHandler(
      pipelineWith({ sns: failing(new SNSClient({}), 'PublishCommand', 1), now: () => clock }),
    );
    await expect(broken(structuredClone(event), context)).rejects.toThrow(/injected PublishCommand failure/);
    const [pending] = await itemsFor(event.detail.eventID);
    expect(pending?.alertState?.S).toBe('pending');
    expect(await stack.inbox.settle()).toHaveLength(0);

    // A redelivery while the failed attempt's lease runs cannot tell it from a concurrent one: it backs off.
    await expect(broken(structuredClone(event), context)).rejects.toThrow(
      /DetectionBusyError|another invocation/,
    );
    clock += 121_000;
    const retry = await broken(structuredClone(event), context);
    expect(retry.detections[0]?.outcome).toBe('alerted');
    const again = await broken(structuredClone(event), context);
    expect(again.detections[0]?.outcome).toBe('duplicate');
    expect(await stack.inbox.waitFor(1)).toHaveLength(1);
    expect(await stack.inbox.settle()).toHaveLength(1);
    expect((await itemsFor(event.detail.eventID))[0]?.alertState?.S).toBe('sent');
  });

  it('sends one alert when two deliveries of the same event run at the same time', async () => {
    const event = cloudTrailEvent({ sourceIPAddress: '198.51.100.14' });
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => mod.handler(structuredClone(event), context)),
    );
    const alerted = results.filter(
      (r) => r.status === 'fulfilled' && r.value.detections[0]?.outcome === 'alerted',
    );
    expect(alerted).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(String(result.reason)).toMatch(/DetectionBusyError/);
    }
    expect(await stack.inbox.waitFor(1)).toHaveLength(1);
    expect(await stack.inbox.settle()).toHaveLength(1);
  });

  it('stores but does not alert repeat calls from the same source within the window; a new source alerts', async () => {
    const ip = '198.51.100.13';
    const first = cloudTrailEvent({ sourceIPAddress: ip, eventTime: '2026-11-21T08:00:00Z' });
    const repeat = cloudTrailEvent({
      sourceIPAddress: ip,
      eventTime: '2026-11-21T08:20:00Z',
      eventName: 'ListBuckets',
      eventSource: 's3.amazonaws.com',
    });
    const otherIp = cloudTrailEvent({ sourceIPAddress: '198.51.100.99', eventTime: '2026-11-21T08:21:00Z' });
    const later = cloudTrailEvent({ sourceIPAddress: ip, eventTime: '2026-11-21T09:30:00Z' });
    const outcomes = [];
    for (const event of [first, repeat, otherIp, later])
      outcomes.push((await mod.handler(event, context)).detections[0]?.outcome);
    expect(outcomes).toEqual(['alerted', 'suppressed', 'alerted', 'alerted']);
    expect(await stack.inbox.waitFor(3)).toHaveLength(3);
    expect(await stack.inbox.settle()).toHaveLength(3);
    expect((await itemsFor(repeat.detail.eventID))[0]?.alertState?.S).toBe('suppressed');
  });

  it('reads the decoy history from the table, so a key re-checked on later days is called automated', async () => {
    const days = ['2026-11-10T03:00:00Z', '2026-11-11T03:05:00Z', '2026-11-12T03:02:00Z'];
    for (const eventTime of days) {
      await mod.handler(
        cloudTrailEvent({ eventTime, sourceIPAddress: '198.51.100.40', userAgent: 'python-requests/2.31.0' }),
        context,
      );
    }
    const alerts = await stack.inbox.waitFor(3);
    const last = JSON.parse(alerts[2]?.json ?? '{}') as { actor: { verdict: string; reasons: string[] } };
    expect(last.actor.verdict).toBe('automated');
    expect(last.actor.reasons.join(' ')).toMatch(/GetCallerIdentity repeated on 3 different days/);
  });

  it('stays silent for a user that is not a decoy', async () => {
    const event = cloudTrailEvent({ userName: 'alice', accessKeyId: 'AKIAOTHERUSERKEY0001' });
    const result = await mod.handler(event, context);
    expect(result.detections).toEqual([]);
    expect(await stack.inbox.settle()).toHaveLength(0);
    expect(await itemsFor(event.detail.eventID)).toHaveLength(0);
  });

  it('rejects an invalid delivery with an error naming the field, so EventBridge retries and dead-letters it', async () => {
    const event = cloudTrailEvent();
    const broken = { ...event, detail: { ...event.detail, eventID: undefined } };
    await expect(mod.handler(broken as never, context)).rejects.toThrow(/detail\.eventID/);
  });
});
