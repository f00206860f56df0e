// npm run test:faults [-- --events 20] [-- <scenario name filter>] [-- --verbose]
// Runs every fault scenario against the local stack and prints one row per scenario. Exits 1 when a
// scenario misses the targets of issue 12 (nothing lost, nothing left in a DLQ, duplicates only per lost reply).
import { alignColumns } from '../../src/lib/text.ts';
import { missedTargets, type Outcome, SCENARIOS } from './scenarios.ts';
import { simulate } from './simulate.ts';

const args = process.argv.slice(2);
const eventsAt = args.indexOf('--events');
const events = eventsAt >= 0 ? Number(args[eventsAt + 1]) : 20;
const verbose = args.includes('--verbose');
const filter = args
  .filter((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--events')
  .join(' ')
  .toLowerCase();
if (!Number.isInteger(events) || events < 1) throw new Error('--events expects a positive integer');

const header = [
  'scenario',
  'events',
  'delivered',
  'lost',
  'duplicated',
  'mails',
  'stored',
  'pending',
  'left in DLQ',
  'invocations',
  'slowest s',
  'sim min',
  'targets',
];
const rows: string[][] = [];
let failed = 0;
for (const scenario of SCENARIOS.filter((s) => s.name.toLowerCase().includes(filter))) {
  const started = Date.now();
  const outcome: Outcome = await simulate(scenario, {
    events,
    ...(verbose ? { log: (line) => console.error(`  ${line}`) } : {}),
  });
  const missed = missedTargets(outcome, scenario);
  if (missed.length > 0) failed += 1;
  rows.push([
    outcome.scenario,
    ...[
      outcome.events,
      outcome.delivered,
      outcome.lost,
      outcome.duplicated,
      outcome.mails,
      outcome.stored,
      outcome.pending,
      outcome.leftInDlq,
      outcome.invocations,
      outcome.slowestSeconds,
      outcome.simulatedMinutes,
    ].map(String),
    missed.length === 0 ? 'met' : `MISSED: ${missed.join('; ')}`,
  ]);
  console.error(`${scenario.name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
console.log(alignColumns([header, ...rows]).join('\n'));
process.exitCode = failed > 0 ? 1 : 0;
