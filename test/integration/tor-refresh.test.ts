import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeStoredTorList, refreshTorList, TOR_BULK_EXIT_LIST } from '../../src/lib/enrich/tor-refresh.ts';
import { makeTorStore, type TorStore } from '../../src/lib/store/tor.ts';
import { type LocalStack, startLocalStack } from '../../src/local/stack.ts';

let stack: LocalStack;
let store: TorStore;
const DAY = 86_400_000;
const exits = Array.from({ length: 150 }, (_, i) => `185.220.${100 + Math.floor(i / 50)}.${(i % 50) + 1}`);
const body = `${exits.join('\n')}\nnot-an-address\n<html>oops</html>\n`;

beforeAll(async () => {
  stack = await startLocalStack({ tableName: 'tor-tests' });
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  store = makeTorStore({ tableName: 'tor-tests', client });
});
afterAll(async () => stack.stop());

describe('weekly Tor exit list refresh, stored in the table', () => {
  it('falls back to the shipped networks when nothing is stored and the fetch fails', async () => {
    const result = await refreshTorList({
      store,
      fetchText: async () => {
        throw new Error('getaddrinfo ENOTFOUND');
      },
      now: () => Date.parse('2026-11-01T00:00:00Z'),
    });
    expect(result).toMatchObject({ status: 'failed', fallback: expect.stringMatching(/networks only/) });
    expect(await store.get()).toBeUndefined();
  });

  it('stores only valid addresses from the Tor Project list, then leaves a fresh list alone for a week', async () => {
    const urls: string[] = [];
    const fetchText = async (url: string) => {
      urls.push(url);
      return body;
    };
    const t0 = Date.parse('2026-11-01T00:00:00Z');
    expect(await refreshTorList({ store, fetchText, now: () => t0 })).toMatchObject({
      status: 'refreshed',
      count: 150,
    });
    expect(urls).toEqual([TOR_BULK_EXIT_LIST]);
    expect((await store.get())?.addresses.sort()).toEqual([...exits].sort());
    expect(await refreshTorList({ store, fetchText, now: () => t0 + 6 * DAY })).toMatchObject({
      status: 'fresh',
    });
    expect(urls).toHaveLength(1);
  });

  it('keeps the stored list when a refresh brings back something that is not an exit list', async () => {
    const later = Date.parse('2026-11-09T00:00:00Z');
    const result = await refreshTorList({
      store,
      fetchText: async () => '<html>rate limited</html>',
      now: () => later,
    });
    expect(result).toMatchObject({ status: 'failed', reason: 'only 0 addresses in the response' });
    expect(result.status === 'failed' && result.fallback).toMatch(/kept the list fetched 2026-11-01/);
    expect((await store.get())?.addresses).toHaveLength(150);
  });

  it('lets the detectors consult the stored list, re-read at most once an hour', async () => {
    let now = Date.parse('2026-11-09T00:00:00Z');
    const list = makeStoredTorList(store, () => now);
    expect(list.has('185.220.100.1')).toBe(false);
    await list.reload();
    expect(list.has('185.220.100.1')).toBe(true);
    expect(list.has('185.220.101.7')).toBe(true);
    expect(list.has('198.51.100.1')).toBe(false);
    await store.put({ fetchedAt: '2026-11-09T00:30:00Z', source: 'test', addresses: ['203.0.113.9'] });
    await list.reload();
    expect(list.has('203.0.113.9')).toBe(false);
    now += 3_600_001;
    await list.reload();
    expect(list.has('203.0.113.9')).toBe(true);
  });
});
