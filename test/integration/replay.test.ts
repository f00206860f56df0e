import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readInputs } from '../../src/lib/cli/read.ts';
import { lambdaContext } from '../../src/local/lambda-context.ts';
import { byEventTime, type Route, routeEvent } from '../../src/local/replay.ts';
import { FIXTURE_DEPLOYMENT, localRoutes } from '../../src/local/routes.ts';
import { type LocalStack, startLocalStack } from '../../src/local/stack.ts';

let stack: LocalStack;
let routes: Route[];
const context = lambdaContext('replay');

beforeAll(async () => {
  stack = await startLocalStack({ tableName: 'replay-tests' });
  Object.assign(process.env, stack.env, FIXTURE_DEPLOYMENT, { DECOYS_FILE: 'test/events/decoys.yml' });
  routes = await localRoutes();
});
afterAll(async () => stack.stop());

async function replay(path: string) {
  const results = [];
  for (const entry of byEventTime(readInputs(path))) {
    results.push({
      source: entry.source,
      outcomes: 'value' in entry ? await routeEvent(entry.value, routes, context) : [],
    });
  }
  return results;
}

describe('recorded fixtures through the generated rules and the real handler', () => {
  it('stays silent for non-decoy activity and AWS documentation records', async () => {
    for (const path of ['test/events/none', 'test/events/docs']) {
      for (const { outcomes } of await replay(path)) expect(outcomes).toEqual([]);
    }
    expect(await stack.inbox.settle()).toHaveLength(0);
  });

  it('never alerts on malformed events: each is either not routed or rejected with the failing field named', async () => {
    for (const { outcomes } of await replay('test/events/malformed')) {
      for (const outcome of outcomes) expect(outcome.error).toMatch(/EventValidationError: .*detail\.\w+/);
    }
    expect(await stack.inbox.settle()).toHaveLength(0);
  });

  it('routes every decoy fixture to detect-use and groups them into incidents: opened, escalated, held', async () => {
    const results = await replay('test/events/use');
    const outcomes = results.map(({ source, outcomes: [first] }) => [
      source.split('/').pop(),
      first?.result?.detections[0]?.outcome,
    ]);
    // Fixtures are days apart (each opens an incident after the quiet period) or bring a new tool
    // into an open incident (an escalation): every one is mailed, with its reason.
    expect(outcomes.every(([, outcome]) => outcome === 'alerted')).toBe(true);
    const alerts = await stack.inbox.waitFor(9);
    expect(await stack.inbox.settle()).toHaveLength(9);
    expect(alerts.map((a) => a.attributes.notice)).toEqual([
      'opened',
      'opened',
      'escalation',
      'opened',
      'escalation',
      'opened',
      'opened',
      'opened',
      'opened',
    ]);
    expect(alerts[2]?.subject).toMatch(/escalation aws-cli v2\+Kali Linux: ci-cd-deploy-admin/);
    expect(alerts[2]?.attributes.incident).toBe(alerts[0]?.attributes.incident);
    expect(alerts.every((alert) => /^[\x20-\x7e]{1,100}$/.test(alert.subject))).toBe(true);
  });
});
