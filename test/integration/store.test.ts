import { readFileSync } from 'node:fs';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseEnvelope } from '../../src/lib/cloudtrail/schema.ts';
import { parseRegistry } from '../../src/lib/decoys/registry-yaml.ts';
import { analyzeRecord, useRule } from '../../src/lib/detect/rules.ts';
import { makeStore, type Store } from '../../src/lib/store/dynamo.ts';
import { type LocalStack, startLocalStack } from '../../src/local/stack.ts';
import { cloudTrailEvent, type EventOptions } from '../support/events.ts';

const registry = parseRegistry(readFileSync('test/events/decoys.yml', 'utf8'));
let stack: LocalStack;
let store: Store;
let client: DynamoDBClient;
const now = Date.parse('2026-11-20T12:00:00Z');

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

async function save(options: EventOptions) {
  const record = parseEnvelope(cloudTrailEvent(options)).detail;
  const [detection] = analyzeRecord(record, { registry }, [useRule]).detections;
  if (!detection) throw new Error('expected a detection');
  await store.claimDetection(detection);
  return detection;
}

describe('DynamoDB layout', () => {
  it('serves a decoy timeline, a by-source view and the most recent detections, with a TTL on every item', async () => {
    const a = await save({ eventTime: '2026-11-20T09:00:00Z', sourceIPAddress: '192.0.2.1' });
    const b = await save({
      eventTime: '2026-11-20T09:05:00Z',
      sourceIPAddress: '192.0.2.2',
      eventName: 'ListBuckets',
      eventSource: 's3.amazonaws.com',
    });
    const c = await save({
      eventTime: '2026-11-20T09:10:00Z',
      sourceIPAddress: '192.0.2.1',
      userName: 'ci-cd-deploy-admin',
      accessKeyId: 'AKIAY4M2PZ7NQ3XR5TKL',
    });

    const history = await store.decoyHistory(
      '123456789012',
      'prod-db-backup-user',
      '2026-11-20T08:00:00Z',
      '2026-11-20T10:00:00Z',
    );
    expect(history.map((h) => h.eventName)).toEqual(['GetCallerIdentity', 'ListBuckets']);
    expect((await store.lastDetection('123456789012', 'prod-db-backup-user'))?.id).toBe(b.id);
    expect((await store.bySource('192.0.2.1')).map((d) => d.id)).toEqual([c.id, a.id]);
    expect((await store.recent(1)).map((d) => d.id)).toEqual([c.id, b.id, a.id]);

    await store.claimAlertWindow(a, 3600);
    const items = (await client.send(new ScanCommand({ TableName: 'store-tests' }))).Items ?? [];
    expect(items.map((item) => item.pk?.S?.split('#')[0]).sort()).toEqual(['DET', 'DET', 'DET', 'STORM']);
    for (const item of items) expect(item.expiresAt?.N).toBe(String(now / 1000 + 90 * 86_400));

    const stored = await store.getDetection(a.id);
    expect(stored?.alertState).toBe('pending');
    expect(stored?.detection.decoy?.placement).toBe('credentials.txt in the private repo acme/payments');
  });
});
