/**
 * `npm start`: replays the recorded CloudTrail fixtures through the real Lambda handlers against an
 * embedded local stack, prints every alert as the SOC receives it, then a summary. Exits 0 when the
 * replay ran; a fixture that the handler rejects is reported, not hidden.
 */

import { toChatNotification } from '../src/lib/channels/chat.ts';
import { readInputs } from '../src/lib/cli/read.ts';
import type { Detection } from '../src/lib/detect/detection.ts';
import { lambdaContext } from '../src/local/lambda-context.ts';
import { byEventTime, routeEvent } from '../src/local/replay.ts';
import { FIXTURE_DEPLOYMENT, localRoutes } from '../src/local/routes.ts';
import { startLocalStack } from '../src/local/stack.ts';

const FIXTURES = process.argv[2] ?? 'test/events';

/** Shows a newcomer what Slack or Teams would receive for the same alert, through the chat topic. */
function printChatPayload(json: string): void {
  const detection = JSON.parse(json) as Detection;
  console.log(
    `\n${'-'.repeat(100)}\nThe same alert as a chat custom notification (chat topic -> Slack / Teams):\n`,
  );
  console.log(JSON.stringify(toChatNotification({ notice: 'detection', detection }), null, 2));
}

const stack = await startLocalStack();
Object.assign(process.env, stack.env, FIXTURE_DEPLOYMENT, {
  DECOYS_FILE: 'test/events/decoys.yml',
  POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
});
const routes = await localRoutes();

const rows: string[][] = [];
const counts = {
  events: 0,
  alerted: 0,
  suppressed: 0,
  duplicate: 0,
  rejected: 0,
  unrouted: 0,
  unreadable: 0,
};
// EventBridge delivers roughly in event-time order, so replay that way; the storm window depends on it.
for (const entry of byEventTime(readInputs(FIXTURES))) {
  counts.events += 1;
  if ('error' in entry) {
    counts.unreadable += 1;
    rows.push([entry.source, '-', `unreadable: ${entry.error}`]);
    continue;
  }
  const outcomes = await routeEvent(entry.value, routes, lambdaContext('local'));
  if (outcomes.length === 0) {
    counts.unrouted += 1;
    rows.push([entry.source, '-', 'no rule matches (no alert, as in AWS)']);
  }
  for (const outcome of outcomes) {
    if (outcome.error) {
      counts.rejected += 1;
      rows.push([
        entry.source,
        outcome.rule,
        `REJECTED, EventBridge would retry then dead-letter: ${outcome.error}`,
      ]);
      continue;
    }
    const detections = outcome.result?.detections ?? [];
    if (detections.length === 0) rows.push([entry.source, outcome.rule, 'no detection']);
    for (const detection of detections) {
      counts[detection.outcome] += 1;
      rows.push([
        entry.source,
        outcome.rule,
        `${detection.outcome} (${detection.kind}, ${detection.severity})`,
      ]);
      if (detection.outcome === 'alerted') {
        const alerts = await stack.inbox.waitFor(counts.alerted);
        const alert = alerts[counts.alerted - 1];
        console.log(
          `\n${'='.repeat(100)}\nSubject: ${alert?.subject ?? '(alert did not arrive)'}\n${'-'.repeat(100)}`,
        );
        console.log(alert?.email ?? '');
        if (counts.alerted === 1 && alert) printChatPayload(alert.json);
      }
    }
  }
}

const received = await stack.inbox.settle(300);
await stack.stop();
const width = Math.max(...rows.map((row) => row[0]?.length ?? 0));
console.log(`\n${'='.repeat(100)}\nSummary: ${FIXTURES}\n`);
for (const [source, rule, outcome] of rows)
  console.log(`${(source ?? '').padEnd(width)}  ${(rule ?? '').padEnd(14)} ${outcome}`);
console.log(
  `\n${counts.events} events: ${counts.alerted} alerted, ${counts.suppressed} suppressed by the storm window, ` +
    `${counts.duplicate} duplicates, ${counts.rejected} rejected, ${counts.unrouted} not routed, ${counts.unreadable} unreadable. ` +
    `Inbox received ${received.length} alert(s).`,
);
if (received.length !== counts.alerted) {
  console.error(`Inbox count ${received.length} differs from alerts sent ${counts.alerted}.`);
  process.exitCode = 1;
}
