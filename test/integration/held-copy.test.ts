/**
 * The held path decided on a container's own copy of the incident (deliver.ts): two containers (two
 * pipelines with their own stores) share one dynalite table; every DynamoDB and SNS call is counted.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makePublisher } from '../../src/lib/alerts/sns.ts';
import { parseEnvelope } from '../../src/lib/cloudtrail/schema.ts';
import { loadConfig } from '../../src/lib/config.ts';
import { ALL_RULES } from '../../src/lib/detect/all-rules.ts';
import { buildPipeline } from '../../src/lib/pipeline/build.ts';
import { type ProcessDeps, processRecord } from '../../src/lib/pipeline/process.ts';
import { makeStore } from '../../src/lib/store/dynamo.ts';
import { tableDefinition } from '../../src/lib/store/table.ts';
import { type LocalStack, startLocalStack } from '../../src/local/stack.ts';
import { cloudTrailEvent, type EventOptions } from '../support/events.ts';

let stack: LocalStack;
let tables = 0;
const SCOPE = 'decoy:123456789012/prod-db-backup-user';

beforeAll(async () => {
  stack = await startLocalStack({ tableName: 'held-copy-0' });
  Object.assign(process.env, stack.env, { DECOYS_FILE: 'test/events/decoys.yml' });
});
afterAll(async () => stack.stop());

interface Container {
  table: string;
  deps: ProcessDeps;
  calls: string[];
  failPublish: number;
  /** Incident updates to refuse, as DynamoDB does when the item's partition is over its write limit. */
  failIncidentUpdate: number;
}

/** A fresh table, so each test starts without incidents. */
async function freshTable(): Promise<string> {
  tables += 1;
  const name = `held-copy-${tables}`;
  await new DynamoDBClient({}).send(new CreateTableCommand(tableDefinition(name)));
  return name;
}

/** One Lambda container: its own clients and incident copies; every call it makes is listed. */
function container(tableName: string): Container {
  const self: Container = {
    table: tableName,
    deps: undefined as unknown as ProcessDeps,
    calls: [],
    failPublish: 0,
    failIncidentUpdate: 0,
  };
  const counted = <C extends DynamoDBClient | SNSClient>(client: C): C => {
    (client as DynamoDBClient).middlewareStack.add(
      (next, context) => async (args) => {
        const name = String(context.commandName).replace(/Command$/, '');
        self.calls.push(name);
        if (name === 'Publish' && self.failPublish > 0) {
          self.failPublish -= 1;
          throw Object.assign(new Error('injected Publish failure'), { name: 'InternalError' });
        }
        const key = (args.input as { Key?: { pk?: { S?: string } } }).Key?.pk?.S ?? '';
        if (name === 'UpdateItem' && key.startsWith('SCOPE#') && self.failIncidentUpdate > 0) {
          self.failIncidentUpdate -= 1;
          throw Object.assign(new Error('injected throttling of the incident item'), {
            name: 'ThrottlingException',
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'countCalls' },
    );
    return client;
  };
  const config = { ...loadConfig(), TABLE_NAME: tableName };
  self.deps = buildPipeline(config, ALL_RULES, {
    store: makeStore({ tableName, retentionDays: 30, client: counted(new DynamoDBClient({})) }),
    publisher: makePublisher({
      topicArn: config.TOPIC_ARN,
      client: counted(new SNSClient({ maxAttempts: 1 })),
    }),
  });
  return self;
}

let seq = 0;
/** A decoy call at `minute` past 10:00 on 2026-11-20; the same IP and tool as the last one by default. */
async function call(on: Container, minute: number, options: EventOptions & { succeeded?: boolean } = {}) {
  seq += 1;
  const time = new Date(Date.parse('2026-11-20T10:00:00Z') + minute * 60_000).toISOString();
  const { succeeded, ...rest } = options;
  const event = cloudTrailEvent({
    eventTime: time,
    sourceIPAddress: '198.51.100.77',
    eventID: `held-copy-${seq}`,
    eventName: 'ListUsers',
    eventSource: 'iam.amazonaws.com',
    ...(succeeded ? {} : { errorCode: 'AccessDenied' }),
    ...rest,
  });
  on.calls.length = 0;
  const result = await processRecord(parseEnvelope(event).detail, on.deps);
  return { ...result.detections[0], calls: [...on.calls], eventId: event.detail.eventID };
}

/** Opens the incident (GetCallerIdentity at 10:00) and holds one denied call back (10:00:06). */
async function openedWithOneHeld(on: Container) {
  await call(on, 0, { eventName: 'GetCallerIdentity', eventSource: 'sts.amazonaws.com' });
  await call(on, 0.1);
}

async function incident(on: Container) {
  return (await on.deps.store.incidents.current(SCOPE))?.state;
}

describe('held calls decided on the container copy', () => {
  it('holds a storm back with two DynamoDB calls each and counts every call once', async () => {
    const a = container(await freshTable());
    const opened = await call(a, 0, { eventName: 'GetCallerIdentity', eventSource: 'sts.amazonaws.com' });
    expect(opened.outcome).toBe('alerted');
    expect(opened.calls.slice(-2)).toEqual(['Publish', 'PutItem']);
    const held = [];
    for (let i = 1; i <= 6; i += 1) held.push(await call(a, i / 10));
    expect(held.map((h) => h.outcome)).toEqual(Array(6).fill('held'));
    for (const h of held) expect(h.calls).toEqual(['PutItem', 'UpdateItem']);
    expect(await incident(a)).toMatchObject({ calls: 7, held: 6, denied: 7, mails: 1 });
  });

  it('counts exactly across two containers whose copies miss each other calls', async () => {
    const table = await freshTable();
    const a = container(table);
    const b = container(table);
    await call(a, 0, { eventName: 'GetCallerIdentity', eventSource: 'sts.amazonaws.com' });
    const outcomes = [];
    for (let i = 1; i <= 10; i += 1) outcomes.push((await call(i % 2 ? a : b, i / 10)).outcome);
    expect(outcomes).toEqual(Array(10).fill('held'));
    // Each update handed back what DynamoDB holds, the other container's calls included: a's last
    // update was the ninth call's.
    const copy = a.deps.store.incidents.remembered(SCOPE, 60_000);
    expect(copy?.incident.state.calls).toBe(10);
    expect(copy?.incident.state.burstCalls).toBe(10);
    expect(await incident(a)).toMatchObject({ calls: 11, held: 10, mails: 1 });
  });

  it('mails an escalation another container already claimed once only, re-reading before any mail', async () => {
    const table = await freshTable();
    const a = container(table);
    const b = container(table);
    await openedWithOneHeld(a);
    // b sees the first call that succeeds: first-success, mailed by b.
    const first = await call(b, 0.2, { succeeded: true });
    expect(first).toMatchObject({ outcome: 'alerted' });
    // a's copy predates b's claim: its plan says "mail", so it reads again, and holds the call back.
    const second = await call(a, 0.3, { eventName: 'ListRoles', succeeded: true });
    expect(second.outcome).toBe('held');
    expect(second.calls).toEqual(['GetItem', 'PutItem', 'UpdateItem']);
    expect(await incident(a)).toMatchObject({ calls: 4, mails: 2 });
    expect((await incident(a))?.escalations.map((e) => e.kind)).toEqual(['first-success']);
  });

  it('opens a new incident when the analyst resolved it behind the copy, and the record names it', async () => {
    const a = container(await freshTable());
    await openedWithOneHeld(a);
    const before = await a.deps.store.incidents.current(SCOPE);
    if (!before) throw new Error('expected an incident');
    // The CLI (another process) resolves it; a's copy still says open.
    const cli = makeStore({ tableName: a.table, retentionDays: 30 });
    expect(await cli.incidents.setStatus(before, { status: 'resolved', by: 'local:analyst' })).toBe(
      'applied',
    );
    const next = await call(a, 0.2);
    // Written held on the copy, refused by the update's condition, then mailed as the new incident's opening.
    expect(next.outcome).toBe('alerted');
    expect(next.incidentId).not.toBe(before.state.id);
    const stored = await a.deps.store.detections.get(next.id ?? '');
    expect(stored).toMatchObject({ alertState: 'sent', mail: 'opened', incidentId: next.incidentId });
    expect((await a.deps.store.incidents.byId(before.state.id))?.state).toMatchObject({
      calls: 2,
      status: 'resolved',
    });
  });

  it('counts a held call whose incident update failed once Lambda retries it, in any container', async () => {
    const table = await freshTable();
    const a = container(table);
    const b = container(table);
    await openedWithOneHeld(a);
    // The record is written, the update of the aggregate is refused: the attempt takes the record
    // back and fails without mailing (the incident was mailed; this call is one to hold back).
    a.failIncidentUpdate = 1;
    const event = { eventID: 'held-copy-throttled' };
    await expect(call(a, 0.2, event)).rejects.toThrow(/could not count .* the retry records and counts it/);
    expect(a.calls).toEqual(['PutItem', 'UpdateItem', 'DeleteItem']);
    expect(await incident(a)).toMatchObject({ calls: 2, held: 1 });
    // Lambda's retry lands on b: it records the call again and counts it, once.
    const retry = await call(b, 0.2, event);
    expect(retry.outcome).toBe('held');
    expect(await incident(a)).toMatchObject({ calls: 3, held: 2, mails: 1 });
    expect(await a.deps.store.detections.get(retry.id ?? '')).toMatchObject({
      alertState: 'held',
      incidentId: retry.incidentId,
    });
    // A further duplicate delivery changes nothing.
    expect((await call(a, 0.2, event)).outcome).toBe('duplicate');
    expect(await incident(a)).toMatchObject({ calls: 3, held: 2 });
  });

  it('mails an opening that failed to publish when its retry lands on a container with a stale copy', async () => {
    const table = await freshTable();
    const a = container(table);
    const b = container(table);
    await openedWithOneHeld(a);
    const resolved = await b.deps.store.incidents.current(SCOPE);
    if (!resolved) throw new Error('expected an incident');
    await b.deps.store.incidents.setStatus(resolved, { status: 'resolved', by: 'local:analyst' });
    // b's attempt opens the next incident (rollover) and its Publish fails: the claim stays, the lease is given back.
    b.failPublish = 1;
    const event = { eventID: 'held-copy-retry' };
    await expect(call(b, 0.2, event)).rejects.toThrow('injected Publish failure');
    // Lambda retries on a; a's copy is the resolved incident, seen as open: it writes the record held,
    // the update is refused, the fresh read shows the attempt's own claim, and a mails it.
    const retry = await call(a, 0.2, event);
    expect(retry.outcome).toBe('alerted');
    const stored = await a.deps.store.detections.get(retry.id ?? '');
    expect(stored).toMatchObject({ alertState: 'sent', mail: 'opened', incidentId: retry.incidentId });
    expect(await incident(a)).toMatchObject({ id: retry.incidentId, calls: 1, openedBy: retry.id });
  });
});
