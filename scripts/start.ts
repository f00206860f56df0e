/**
 * `npm start [-- [--decoys FILE] [--report DIR] [FOLDER]]`: replays recorded CloudTrail through the
 * real Lambda handlers against an embedded local stack, prints every alert as the SOC receives it,
 * flushes the incident updates the schedule would send, then prints a summary whose counts add up to
 * the events read. Exits 0 when the replay ran; a fixture the handler rejects is reported, not hidden.
 */
import { parseArgs } from 'node:util';
import { makePublisher } from '../src/lib/alerts/sns.ts';
import { toChatNotification } from '../src/lib/channels/chat.ts';
import type { ChannelNotice } from '../src/lib/channels/notice.ts';
import { readInputs } from '../src/lib/cli/read.ts';
import { loadConfig } from '../src/lib/config.ts';
import type { Detection } from '../src/lib/detect/detection.ts';
import type { IncidentState } from '../src/lib/incidents/model.ts';
import { flushDigests } from '../src/lib/pipeline/flush.ts';
import type { ProcessResult } from '../src/lib/pipeline/process.ts';
import { makeStore } from '../src/lib/store/dynamo.ts';
import { lambdaContext } from '../src/local/lambda-context.ts';
import { byEventTime, routeEvent } from '../src/local/replay.ts';
import { writeReports } from '../src/local/reports.ts';
import { FIXTURE_DEPLOYMENT, localRoutes } from '../src/local/routes.ts';
import { startLocalStack } from '../src/local/stack.ts';

const { values, positionals } = parseArgs({
  options: { decoys: { type: 'string' }, report: { type: 'string' } },
  allowPositionals: true,
});
const FIXTURES = positionals[0] ?? 'test/events';

/** Shows a newcomer what Slack or Teams would receive for the same alert, through the chat topic. */
function printChatPayload(json: string): void {
  const { notice, ...detection } = JSON.parse(json) as Detection & { notice?: { incident?: IncidentState } };
  const payload: ChannelNotice = notice?.incident
    ? { notice: 'opened', detection, incident: notice.incident }
    : { notice: 'detection', detection };
  console.log(
    `\n${'-'.repeat(100)}\nThe same alert as a chat custom notification (chat topic -> Slack / Teams):\n`,
  );
  console.log(JSON.stringify(toChatNotification(payload), null, 2));
}

const stack = await startLocalStack();
Object.assign(process.env, stack.env, FIXTURE_DEPLOYMENT, {
  DECOYS_FILE: values.decoys ?? 'test/events/decoys.yml',
  POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
});
const config = loadConfig();
const routes = await localRoutes();

type Status = 'alerted' | 'held' | 'duplicate' | 'rejected' | 'no detection' | 'not routed' | 'unreadable';
const counts: Record<Status, number> = {
  alerted: 0,
  held: 0,
  duplicate: 0,
  rejected: 0,
  'no detection': 0,
  'not routed': 0,
  unreadable: 0,
};
const rows: string[][] = [];
let events = 0;
let mails = 0;

async function showMails(upTo: number): Promise<void> {
  const alerts = await stack.inbox.waitFor(upTo);
  for (const alert of alerts.slice(mails, upTo)) {
    console.log(
      `\n${'='.repeat(100)}\nSubject: ${alert?.subject ?? '(alert did not arrive)'}\n${'-'.repeat(100)}`,
    );
    console.log(alert?.email ?? '');
    if (alert && alert === alerts[0]) printChatPayload(alert.json);
  }
  mails = upTo;
}

function statusOf(results: ProcessResult['detections']): Status {
  if (results.some((d) => d.outcome === 'alerted')) return 'alerted';
  if (results.some((d) => d.outcome === 'held' || d.outcome === 'alerted-fail-open')) return 'held';
  if (results.length) return 'duplicate';
  return 'no detection';
}

// EventBridge delivers roughly in event-time order, so replay that way; incidents depend on it.
for (const entry of byEventTime(readInputs(FIXTURES))) {
  events += 1;
  if ('error' in entry) {
    counts.unreadable += 1;
    rows.push([entry.source, '-', `unreadable: ${entry.error}`]);
    continue;
  }
  const outcomes = await routeEvent(entry.value, routes, lambdaContext('local'));
  if (outcomes.length === 0) {
    counts['not routed'] += 1;
    rows.push([entry.source, '-', 'no rule matches (no alert, as in AWS)']);
    continue;
  }
  const results = outcomes.flatMap((o) => o.result?.detections ?? []);
  const failed = outcomes.find((o) => o.error);
  const status: Status = failed ? 'rejected' : statusOf(results);
  counts[status] += 1;
  const rules = outcomes.map((o) => o.rule).join('+');
  const detail = failed
    ? `REJECTED, EventBridge would retry then dead-letter: ${failed.error}`
    : results
        .map((d) => `${d.outcome} (${d.kind}, ${d.severity}${d.incidentId ? `, ${d.incidentId}` : ''})`)
        .join('; ') || 'no detection';
  rows.push([entry.source, rules, detail]);
  const alerted = results.filter((d) => d.outcome === 'alerted').length;
  if (alerted) await showMails(mails + alerted);
}

// What the 15-minute schedule sends once the replayed incidents have gone quiet.
const flush = await flushDigests({
  store: makeStore({ tableName: config.TABLE_NAME, retentionDays: config.RETENTION_DAYS }),
  publisher: makePublisher({ topicArn: config.TOPIC_ARN }),
  digestSeconds: config.DIGEST_WINDOW_SECONDS,
  now: Date.now,
});
if (flush.mailed.length) await showMails(mails + flush.mailed.length);

if (values.report) {
  const written = await writeReports(values.report, config);
  console.log(`\nWrote ${written.length} incident report(s) to ${values.report}`);
}

const received = await stack.inbox.settle(300);
await stack.stop();
const width = Math.max(...rows.map((row) => row[0]?.length ?? 0));
console.log(`\n${'='.repeat(100)}\nSummary: ${FIXTURES}\n`);
for (const [source, rule, outcome] of rows)
  console.log(`${(source ?? '').padEnd(width)}  ${(rule ?? '').padEnd(14)} ${outcome}`);
const parts = (Object.entries(counts) as [Status, number][]).map(([status, n]) => `${n} ${status}`);
console.log(
  `\n${events} events: ${parts.join(', ')}. ${flush.mailed.length} incident update(s) flushed. ` +
    `Inbox received ${received.length} alert(s).`,
);
if (received.length !== mails) {
  console.error(`Inbox count ${received.length} differs from alerts sent ${mails}.`);
  process.exitCode = 1;
}
