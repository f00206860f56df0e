import { readFileSync } from 'node:fs';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseEnvelope } from '../../src/lib/cloudtrail/schema.ts';
import { parseRegistry } from '../../src/lib/decoys/registry-yaml.ts';
import type { Detection } from '../../src/lib/detect/detection.ts';
import { analyzeRecord, useRule } from '../../src/lib/detect/rules.ts';
import { planDetection } from '../../src/lib/incidents/plan.ts';
import { makeStore, type Store } from '../../src/lib/store/dynamo.ts';
import { type LocalStack, startLocalStack } from '../../src/local/stack.ts';
import { cloudTrailEvent, type EventOptions } from '../support/events.ts';

const registry = parseRegistry(readFileSync('test/events/decoys.yml', 'utf8'));
let stack: LocalStack;
let store: Store;
let client: DynamoDBClient;
const now = Date.parse('2026-11-20T12:00:00Z');
const options = { quietSeconds: 86_400, digestSeconds: 3600, now };

beforeAll(async () => {
  stack = await startLocalStack({ tableName: 'store-tests' });
  client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  store = makeStore({ tableName: 'store-tests', retentionDays: 90, client, now: () => now });
});
afterAll(async () => stack.stop());

function detect(eventOptions: EventOptions): Detection {
  const record = parseEnvelope(cloudTrailEvent(eventOptions)).detail;
  const [detection] = analyzeRecord(record, { registry }, [useRule]).detections;
  if (!detection) throw new Error('expected a detection');
  return detection;
}

async function join(detection: Detection) {
  const current = await store.incidents.current(`decoy:123456789012/${detection.decoy?.userName}`);
  const plan = planDetection(current?.state, detection, options);
  return { plan, result: await store.incidents.commit(plan, current) };
}

describe('detection records', () => {
  it('writes each detection once and serves a decoy timeline, with a TTL on every item', async () => {
    const a = detect({ eventTime: '2026-11-20T09:00:00Z', sourceIPAddress: '192.0.2.1' });
    const b = detect({
      eventTime: '2026-11-20T09:05:00Z',
      eventName: 'ListBuckets',
      eventSource: 's3.amazonaws.com',
    });
    expect(
      await store.detections.record({
        detection: a,
        alertState: 'sent',
        incidentId: 'HT-0000-0001',
        mail: 'opened',
      }),
    ).toBe('inserted');
    expect(
      await store.detections.record({ detection: b, alertState: 'held', incidentId: 'HT-0000-0001' }),
    ).toBe('inserted');
    expect(
      await store.detections.record({ detection: a, alertState: 'held', incidentId: 'HT-0000-0001' }),
    ).toBe('exists');

    const timeline = await store.detections.timeline(
      'DECOY#123456789012/prod-db-backup-user',
      '2026-11-20T08:00:00Z',
      '2026-11-20T10:00:00Z',
    );
    expect(timeline.map((t) => [t.detection.id, t.alertState, t.mail])).toEqual([
      [a.id, 'sent', 'opened'],
      [b.id, 'held', undefined],
    ]);
    expect((await store.detections.lastDetection('123456789012', 'prod-db-backup-user'))?.id).toBe(b.id);
    const stored = await store.detections.get(a.id);
    expect(stored?.detection.decoy?.placement).toBe('credentials.txt in the private repo acme/payments');
    const items = (await client.send(new ScanCommand({ TableName: 'store-tests' }))).Items ?? [];
    for (const item of items) expect(item.expiresAt?.N).toBe(String(now / 1000 + 90 * 86_400));
    // Every index an item is in is written again at the item's full size: a record is only in the
    // one its reads use (the timeline).
    const records = items.filter((item) => item.pk?.S?.startsWith('DET#'));
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(
        Object.keys(record)
          .filter((name) => name.startsWith('gsi'))
          .sort(),
      ).toEqual(['gsi1pk', 'gsi1sk']);
    }
  });
});

describe('withdrawing a record whose incident update failed', () => {
  it('deletes only a record still held under that incident', async () => {
    const held = detect({ eventTime: '2026-11-20T11:00:00Z', eventID: 'withdraw-held' });
    const mailed = detect({ eventTime: '2026-11-20T11:01:00Z', eventID: 'withdraw-mailed' });
    for (const detection of [held, mailed])
      await store.detections.record({ detection, alertState: 'held', incidentId: 'HT-0000-0002' });
    await store.detections.settle(mailed.id, {
      incidentId: 'HT-0000-0002',
      alertState: 'sent',
      mail: 'update',
    });

    await store.detections.withdraw(held.id, 'HT-0000-0003');
    expect(await store.detections.get(held.id)).toBeDefined();
    await store.detections.withdraw(mailed.id, 'HT-0000-0002');
    expect((await store.detections.get(mailed.id))?.alertState).toBe('sent');
    await store.detections.withdraw(held.id, 'HT-0000-0002');
    expect(await store.detections.get(held.id)).toBeUndefined();
    // Gone already: nothing to do, no error.
    await store.detections.withdraw(held.id, 'HT-0000-0002');
  });
});

describe('incident aggregates', () => {
  it('opens an incident, joins later calls atomically, and refuses a plan made from a stale read', async () => {
    const first = detect({
      userName: 'ci-cd-deploy-admin',
      accessKeyId: 'AKIAY4M2PZ7NQ3XR5TKL',
      eventTime: '2026-11-20T09:00:00Z',
      sourceIPAddress: '192.0.2.1',
    });
    const opened = await join(first);
    expect(opened).toMatchObject({ result: 'applied', plan: { action: 'open', mail: 'opened' } });

    const scope = 'decoy:123456789012/ci-cd-deploy-admin';
    const before = await store.incidents.current(scope);
    const second = detect({
      userName: 'ci-cd-deploy-admin',
      accessKeyId: 'AKIAY4M2PZ7NQ3XR5TKL',
      eventTime: '2026-11-20T09:01:00Z',
      sourceIPAddress: '192.0.2.2',
    });
    const third = detect({
      userName: 'ci-cd-deploy-admin',
      accessKeyId: 'AKIAY4M2PZ7NQ3XR5TKL',
      eventTime: '2026-11-20T09:02:00Z',
      sourceIPAddress: '192.0.2.3',
      errorCode: 'AccessDenied',
    });
    expect((await join(second)).result).toBe('applied');
    // Planned from the state before `second`: a held call only needs the incident to be the same one.
    const stale = planDetection(before?.state, third, options);
    expect(await store.incidents.commit(stale, before)).toBe('applied');

    const state = (await store.incidents.current(scope))?.state;
    expect(state).toMatchObject({
      id: opened.plan.incidentId,
      calls: 3,
      denied: 1,
      succeeded: 2,
      ipCount: 3,
      held: 2,
    });
    expect(state?.callCounts).toEqual({ 'sts:GetCallerIdentity': 3 });

    // Two invocations racing to claim the same escalation: only one wins.
    const session = (id: string) => ({
      ...detect({
        userName: 'ci-cd-deploy-admin',
        accessKeyId: 'ASIAY4M2PZ7NQ3XR5TKL',
        eventTime: '2026-11-20T09:03:00Z',
      }),
      id,
    });
    const read = await store.incidents.current(scope);
    const a = planDetection(read?.state, session('a:use:x'), options);
    const b = planDetection(read?.state, session('b:use:x'), options);
    expect(a.mail).toBe('escalation');
    expect(await store.incidents.commit(a, read)).toBe('applied');
    expect(await store.incidents.commit(b, read)).toBe('conflict');
  });

  it('lists incidents, finds one by ID, lists held-back calls for the flush, and records a status change once', async () => {
    const list = await store.incidents.list();
    expect(list.length).toBeGreaterThanOrEqual(1);
    const [incident] = list;
    if (!incident) throw new Error('expected an incident');
    expect((await store.incidents.byId(incident.state.id))?.state.scope).toBe(incident.state.scope);
    expect(await store.incidents.byId('HT-ZZZZ-ZZZZ')).toBeUndefined();

    // The escalation mail left nothing pending; one held call puts the incident on the flush list.
    expect(
      (await store.incidents.pendingDigests('2026-11-21T00:00:00Z')).map((p) => p.state.id),
    ).not.toContain(incident.state.id);
    const held = await join(
      detect({
        userName: 'ci-cd-deploy-admin',
        accessKeyId: 'AKIAY4M2PZ7NQ3XR5TKL',
        eventTime: '2026-11-20T09:04:00Z',
        sourceIPAddress: '192.0.2.1',
      }),
    );
    expect(held.plan.mail).toBeUndefined();
    const pending = await store.incidents.pendingDigests('2026-11-21T00:00:00Z');
    expect(pending.map((p) => p.state.id)).toContain(incident.state.id);

    expect(await store.incidents.setStatus(incident, { status: 'acknowledged', by: 'analyst' })).toBe(
      'applied',
    );
    // The same change from a stale read is refused: nothing is overwritten silently.
    expect(await store.incidents.setStatus(incident, { status: 'resolved', by: 'other' })).toBe('conflict');
    const after = await store.incidents.byId(incident.state.id);
    expect(after?.state).toMatchObject({ status: 'acknowledged', statusBy: 'analyst' });
  });

  it('rolls a resolved incident over into a new one and keeps the old one findable', async () => {
    const scope = 'decoy:123456789012/ci-cd-deploy-admin';
    const current = await store.incidents.current(scope);
    if (!current) throw new Error('expected an incident');
    const fresh = await store.incidents.byId(current.state.id);
    expect(
      await store.incidents.setStatus(fresh!, { status: 'resolved', by: 'analyst', note: 'contained' }),
    ).toBe('applied');
    const later = detect({
      userName: 'ci-cd-deploy-admin',
      accessKeyId: 'AKIAY4M2PZ7NQ3XR5TKL',
      eventTime: '2026-11-20T11:00:00Z',
    });
    const { plan, result } = await join(later);
    expect(result).toBe('applied');
    expect(plan).toMatchObject({ action: 'rollover', mail: 'opened' });
    expect(plan.incidentId).not.toBe(current.state.id);
    expect((await store.incidents.byId(current.state.id))?.state).toMatchObject({
      status: 'resolved',
      statusNote: 'contained',
      calls: 5,
    });
    expect((await store.incidents.byId(plan.incidentId))?.state).toMatchObject({ status: 'open', calls: 1 });
  });
});
