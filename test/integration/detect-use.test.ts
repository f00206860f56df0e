import { DynamoDBClient, ScanCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { makePublisher } from '../../src/lib/alerts/sns.ts';
import { loadConfig } from '../../src/lib/config.ts';
import { ALL_RULES } from '../../src/lib/detect/all-rules.ts';
import { makeCloudTrailHandler } from '../../src/lib/middleware/handler.ts';
import { buildPipeline } from '../../src/lib/pipeline/build.ts';
import { flushDigests } from '../../src/lib/pipeline/flush.ts';
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

/** A client whose calls of one command fail `count` times, after letting `skip` of them through. */
function failing<T extends DynamoDBClient | SNSClient>(
  client: T,
  command: string,
  count: number,
  skip = 0,
): T {
  let left = count;
  let pass = skip;
  client.middlewareStack.add(
    (next, ctx) => async (args) => {
      if (ctx.commandName === command && pass > 0) pass -= 1;
      else if (ctx.commandName === command && left > 0) {
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
    publisher: makePublisher({
      topicArn: config.TOPIC_ARN,
      client: overrides.sns ?? new SNSClient({ maxAttempts: 1 }),
    }),
  });
}

describe('detect-use handler against dynalite and the SNS emulator', () => {
  it('stores one record and sends one alert when EventBridge delivers the same event five times', async () => {
    const event = cloudTrailEvent({ sourceIPAddress: '198.51.100.10', eventTime: '2026-11-01T08:00:00Z' });
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
      /^\[honeytrail\] CRITICAL key-use: prod-db-backup-user - sts:GetCallerIdentity \[HT-[0-9A-Z]{4}-[0-9A-Z]{4}\]$/,
    );
    expect(alerts[0]?.attributes).toMatchObject({ severity: 'critical', kind: 'use', notice: 'opened' });
    expect(alerts[0]?.email).toContain('credentials.txt in the private repo acme/payments');
    const items = await itemsFor(event.detail.eventID);
    expect(items).toHaveLength(1);
    expect(items[0]?.alertState?.S).toBe('sent');
    expect(items[0]?.deliveries?.N).toBe('5');
    expect(Number(items[0]?.expiresAt?.N)).toBeGreaterThan(Date.now() / 1000);
  });

  it('still mails when DynamoDB is down, marked stored later; the retry stores it without a second mail', async () => {
    const event = cloudTrailEvent({ sourceIPAddress: '198.51.100.11', eventTime: '2026-11-03T08:00:00Z' });
    const broken = makeCloudTrailHandler(pipelineWith({ ddb: failing(ddb(), 'GetItemCommand', 1) }));
    await expect(broken(structuredClone(event), context)).rejects.toThrow(
      /StoreUnavailableError|store unavailable/,
    );
    expect(await itemsFor(event.detail.eventID)).toHaveLength(0);
    const [mail] = await stack.inbox.waitFor(1);
    expect(mail?.email).toContain('STORED LATER; MAY REPEAT');

    const retry = await broken(structuredClone(event), context);
    expect(retry.detections[0]?.outcome).toBe('alerted-fail-open');
    expect(await stack.inbox.settle()).toHaveLength(1);
    const [item] = await itemsFor(event.detail.eventID);
    expect(item?.alertState?.S).toBe('sent-fail-open');
  });

  it('does not mail twice when the record write fails after Publish succeeded', async () => {
    const event = cloudTrailEvent({ sourceIPAddress: '198.51.100.15', eventTime: '2026-11-05T08:00:00Z' });
    // Opening an incident writes two items: the incident (let through), then the record (fails).
    const broken = makeCloudTrailHandler(pipelineWith({ ddb: failing(ddb(), 'PutItemCommand', 1, 1) }));
    await expect(broken(structuredClone(event), context)).rejects.toThrow(/store unavailable/);
    expect(await stack.inbox.waitFor(1)).toHaveLength(1);
    const retry = await broken(structuredClone(event), context);
    expect(retry.detections[0]?.outcome).toBe('alerted-fail-open');
    expect(await stack.inbox.settle()).toHaveLength(1);
    expect(await itemsFor(event.detail.eventID)).toHaveLength(1);
  });

  it('gives its lease back when Publish fails, so the very next retry sends the alert exactly once', async () => {
    const event = cloudTrailEvent({ sourceIPAddress: '198.51.100.12', eventTime: '2026-11-07T08:00:00Z' });
    const broken = makeCloudTrailHandler(
      pipelineWith({ sns: failing(new SNSClient({ maxAttempts: 1 }), 'PublishCommand', 1) }),
    );
    await expect(broken(structuredClone(event), context)).rejects.toThrow(/injected PublishCommand failure/);
    expect(await itemsFor(event.detail.eventID)).toHaveLength(0);
    expect(await stack.inbox.settle()).toHaveLength(0);

    const retry = await broken(structuredClone(event), context);
    expect(retry.detections[0]?.outcome).toBe('alerted');
    const again = await broken(structuredClone(event), context);
    expect(again.detections[0]?.outcome).toBe('duplicate');
    const alerts = await stack.inbox.waitFor(1);
    expect(await stack.inbox.settle()).toHaveLength(1);
    // The retry cannot know whether the failed Publish reached SNS: it says so, with the same detection ID.
    expect(alerts[0]?.attributes['duplicate-of']).toBe(
      `${event.detail.eventID}:use:123456789012/prod-db-backup-user`,
    );
    expect((await itemsFor(event.detail.eventID))[0]?.alertState?.S).toBe('sent');
  });

  it('backs off while another invocation holds the lease, and takes over once it has run out', async () => {
    const event = cloudTrailEvent({ sourceIPAddress: '198.51.100.16', eventTime: '2026-11-09T08:00:00Z' });
    let clock = Date.now();
    // An attempt that claimed the mail and died before Publish: simulated by a Publish that never returns.
    const hung = makeCloudTrailHandler(
      pipelineWith({
        sns: failing(new SNSClient({ maxAttempts: 1 }), 'PublishCommand', 1),
        now: () => clock,
      }),
    );
    const store = makeStore({ tableName: 'use-tests', retentionDays: 30, client: ddb(), now: () => clock });
    await expect(hung(structuredClone(event), context)).rejects.toThrow(/injected/);
    // Put the lease back as a crashed attempt would leave it: held, not released.
    const current = await store.incidents.current('decoy:123456789012/prod-db-backup-user');
    const lock = Object.keys(current?.state.locks ?? {})[0];
    await ddb().send(
      new UpdateItemCommand({
        TableName: 'use-tests',
        Key: { pk: { S: 'SCOPE#decoy:123456789012/prod-db-backup-user' }, sk: { S: 'CURRENT' } },
        UpdateExpression: 'SET #l = :until',
        ExpressionAttributeNames: { '#l': `l:${lock}` },
        ExpressionAttributeValues: { ':until': { N: String(clock + 50_000) } },
      }),
    );
    const retry = makeCloudTrailHandler(pipelineWith({ now: () => clock }));
    await expect(retry(structuredClone(event), context)).rejects.toThrow(
      /DetectionBusyError|another invocation/,
    );
    clock += 51_000; // the lease (50 s) runs out before Lambda's first retry (about 60 s)
    expect((await retry(structuredClone(event), context)).detections[0]?.outcome).toBe('alerted');
    expect(await stack.inbox.waitFor(1)).toHaveLength(1);
    expect(await stack.inbox.settle()).toHaveLength(1);
  });

  it('sends one alert when two deliveries of the same event run at the same time', async () => {
    const event = cloudTrailEvent({ sourceIPAddress: '198.51.100.14', eventTime: '2026-11-11T08:00:00Z' });
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

  it('opens an incident, holds repeats and new IPs back, mails an escalation at once and an update after the window', async () => {
    const at = (time: string, extra: Parameters<typeof cloudTrailEvent>[0] = {}) =>
      cloudTrailEvent({ sourceIPAddress: '198.51.100.13', eventTime: `2026-11-13T${time}Z`, ...extra });
    const events = [
      at('08:00:00'),
      at('08:20:00', {
        eventName: 'ListBuckets',
        eventSource: 's3.amazonaws.com',
        errorCode: 'AccessDenied',
      }),
      at('08:21:00', { sourceIPAddress: '198.51.100.99' }),
      at('08:30:00', { accessKeyId: 'ASIAY4M2PZ7NQ3XR5TKL' }),
      at('09:31:00'),
    ];
    const outcomes = [];
    for (const event of events) outcomes.push((await mod.handler(event, context)).detections[0]);
    expect(outcomes.map((o) => o?.outcome)).toEqual(['alerted', 'held', 'held', 'alerted', 'alerted']);
    expect(new Set(outcomes.map((o) => o?.incidentId)).size).toBe(1);
    const mails = await stack.inbox.waitFor(3);
    expect(await stack.inbox.settle()).toHaveLength(3);
    expect(mails.map((m) => m.attributes.notice)).toEqual(['opened', 'escalation', 'update']);
    expect(mails[1]?.subject).toContain('escalation session-use');
    expect(mails[2]?.email).toMatch(/^UPDATE on incident HT-/m);
    expect(mails[1]?.email).toMatch(
      /Incident {5}HT-\S+ \(open\) - 4 call\(s\): 1 denied, 3 succeeded; 2 sources; 2 held back/,
    );
    expect(mails[2]?.email).toContain('Since 2026-11-13T08:30:00Z: 1 call(s), 0 denied; 5 in all.');
    expect((await itemsFor(events[1]!.detail.eventID))[0]?.alertState?.S).toBe('held');
  });

  it('flushes one update for an incident that went quiet with held calls, and only once', async () => {
    const at = (time: string, ip: string) =>
      cloudTrailEvent({
        sourceIPAddress: ip,
        eventTime: `2026-11-14T${time}Z`,
        userName: 'ci-cd-deploy-admin',
        accessKeyId: 'AKIAY4M2PZ7NQ3XR5TKL',
      });
    const events = [
      at('06:00:00', '198.51.100.60'),
      at('06:05:00', '198.51.100.61'),
      at('06:06:00', '198.51.100.60'),
    ];
    const outcomes = [];
    for (const event of events) outcomes.push((await mod.handler(event, context)).detections[0]?.outcome);
    expect(outcomes).toEqual(['alerted', 'held', 'held']);
    await stack.inbox.waitFor(1);
    stack.inbox.clear();
    const config = loadConfig();
    const deps = {
      store: makeStore({ tableName: config.TABLE_NAME, retentionDays: 30, client: ddb() }),
      publisher: makePublisher({ topicArn: config.TOPIC_ARN, client: new SNSClient({ maxAttempts: 1 }) }),
      digestSeconds: 3600,
    };
    // Before the window has passed since the opening mail, nothing is due.
    expect((await flushDigests({ ...deps, now: () => Date.parse('2026-11-14T06:30:00Z') })).mailed).toEqual(
      [],
    );
    const flushed = await flushDigests({ ...deps, now: () => Date.parse('2026-11-14T07:10:00Z') });
    expect(flushed.mailed).toHaveLength(1);
    const [update] = await stack.inbox.waitFor(1);
    expect(update?.attributes).toMatchObject({ notice: 'update', incident: flushed.mailed[0] });
    expect(update?.email).toContain('2 call(s) not yet mailed; the incident went quiet.');
    expect(update?.email).toContain('New sources  198.51.100.61');
    expect((await flushDigests({ ...deps, now: () => Date.parse('2026-11-14T09:00:00Z') })).mailed).toEqual(
      [],
    );
    expect(await stack.inbox.settle()).toHaveLength(1);
  });

  it('keeps the days a key was checked across daily incidents, so a daily key checker is called automated', async () => {
    const days = ['2026-11-15T03:00:00Z', '2026-11-16T03:05:00Z', '2026-11-17T03:10:00Z'];
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
