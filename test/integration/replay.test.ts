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

  it('routes every decoy fixture to detect-use and alerts once per decoy and source, in event-time order', async () => {
    const results = await replay('test/events/use');
    const outcomes = results.map(({ source, outcomes: [first] }) => [
      source.split('/').pop(),
      first?.result?.detections[0]?.outcome,
    ]);
    expect(outcomes).toEqual([
      ['sts-getcalleridentity-trufflehog.json', 'alerted'],
      ['sts-getcalleridentity-awscli-kali.json', 'alerted'],
      ['s3-listbuckets-denied.json', 'suppressed'],
      ['sts-getcalleridentity-boto3.json', 'alerted'],
      ['ec2-describeinstances-denied.json', 'suppressed'],
      ['session-key-from-decoy.json', 'alerted'],
      ['console-signin-ipv6.json', 'alerted'],
      ['path-arn-decoy.json', 'alerted'],
      ['hostile-useragent.json', 'alerted'],
    ]);
    const alerts = await stack.inbox.waitFor(7);
    expect(await stack.inbox.settle()).toHaveLength(7);
    expect(alerts.every((alert) => /^[\x20-\x7e]{1,100}$/.test(alert.subject))).toBe(true);
  });
});
