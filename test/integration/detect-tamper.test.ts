import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readInputFile } from '../../src/lib/cli/read.ts';
import { lambdaContext } from '../../src/local/lambda-context.ts';
import { type Route, routeEvent } from '../../src/local/replay.ts';
import { FIXTURE_DEPLOYMENT, localRoutes } from '../../src/local/routes.ts';
import { type LocalStack, startLocalStack } from '../../src/local/stack.ts';

let stack: LocalStack;
let routes: Route[];
const context = lambdaContext('detect-tamper');
const NEGATIVE = /near-miss|-other/;

beforeAll(async () => {
  stack = await startLocalStack({ tableName: 'honeytrail-prod-detections', topicName: 'honeytrail-alerts' });
  Object.assign(process.env, stack.env, FIXTURE_DEPLOYMENT, { DECOYS_FILE: 'test/events/decoys.yml' });
  routes = await localRoutes();
});
afterAll(async () => stack.stop());

const fixtures = (dir: string) =>
  readdirSync(join('test/events', dir))
    .filter((name) => name.endsWith('.json'))
    .map((name) => join('test/events', dir, name));

async function deliver(path: string) {
  const [entry] = readInputFile(path);
  if (!entry || !('value' in entry)) throw new Error(`fixture ${path} is not JSON`);
  return routeEvent(entry.value, routes, context);
}

describe.each(['tamper', 'detector'])('%s fixtures through the detect-tamper handler', (dir) => {
  const positives = fixtures(dir).filter((path) => !NEGATIVE.test(path));
  const negatives = fixtures(dir).filter((path) => NEGATIVE.test(path));

  it.each(positives)('%s ends in a critical alert at the subscriber', async (path) => {
    stack.inbox.clear();
    const outcomes = await deliver(path);
    const detections = outcomes.flatMap((outcome) => outcome.result?.detections ?? []);
    const critical = detections.filter((d) => d.kind === (dir === 'tamper' ? 'tamper' : 'detector-tamper'));
    expect(critical).toHaveLength(1);
    expect(critical[0]).toMatchObject({ severity: 'critical', outcome: 'alerted' });
    const alerts = await stack.inbox.waitFor(detections.length);
    const alert = alerts.find((a) => a.attributes.kind === critical[0]?.kind);
    expect(alert?.subject).toMatch(/^\[honeytrail\] CRITICAL [a-z-]+: /);
    expect(alert?.attributes.severity).toBe('critical');
    expect(JSON.parse(alert?.json ?? '{}')).toMatchObject({ id: critical[0]?.id, suppressible: false });
  });

  if (negatives.length > 0) {
    it.each(negatives)('%s produces nothing', async (path) => {
      stack.inbox.clear();
      const outcomes = await deliver(path);
      expect(outcomes.flatMap((outcome) => outcome.result?.detections ?? [])).toEqual([]);
      expect(await stack.inbox.settle(150)).toHaveLength(0);
    });
  }
});

describe('redelivery of a tamper event', () => {
  it('is stored and alerted once, like use detections', async () => {
    stack.inbox.clear();
    const path = 'test/events/tamper/attachuserpolicy-admin.json';
    const first = await deliver(path);
    const second = await deliver(path);
    expect(first[0]?.result?.detections[0]?.outcome).toBe('duplicate');
    expect(second[0]?.result?.detections[0]?.outcome).toBe('duplicate');
    expect(await stack.inbox.settle(200)).toHaveLength(0);
  });
});
