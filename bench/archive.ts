/**
 * `npm run bench:archive`: `honeytrail analyze` over a 1,000,000-record, 1,500-file CloudTrail
 * archive against the floor (walk + gunzip + JSON.parse + touch each record), interleaved, several
 * rounds. Prints events per CPU-second, the wall ratio to the floor of the same round and peak RSS
 * at 100k and 1M records, each as median and spread, and whether the targets are met. Asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateArchive } from './archive-gen.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const FILES = Number(process.env.BENCH_FILES ?? 1_500);
const ROUNDS = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 3));
const DECOYS = 'test/events/decoys.yml';

interface Measure {
  wall: number;
  cpu: number;
  rssMb: number;
}

function prepare(): { full: string; small: string; smallRecords: number } {
  const root = join(tmpdir(), `honeytrail-bench-archive-${RECORDS}-${FILES}-v1`);
  const full = join(root, 'archive');
  const small = join(root, 'first-tenth');
  const done = join(root, 'complete');
  const smallFiles = Math.round(FILES / 10);
  const smallRecords = Math.floor((smallFiles * RECORDS) / FILES);
  if (!existsSync(done)) {
    rmSync(root, { recursive: true, force: true });
    const started = Date.now();
    console.log(`Generating ${RECORDS.toLocaleString('en-US')} records in ${FILES} files under ${root} ...`);
    const archive = generateArchive({ dir: full, files: FILES, records: RECORDS, decoyEvery: 1000 });
    mkdirSync(small, { recursive: true });
    archive.files.slice(0, smallFiles).forEach((file, i) => {
      symlinkSync(file, join(small, `${String(i).padStart(5, '0')}.json.gz`));
    });
    writeFileSync(done, JSON.stringify(archive.records));
    console.log(
      `  ${archive.records.toLocaleString('en-US')} records, ${archive.decoyRecords} with decoy keys, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } else console.log(`Reusing the generated archive under ${root}`);
  return { full, small, smallRecords };
}

/** One run under /usr/bin/time: wall, user+sys CPU seconds, peak RSS. Output goes nowhere. */
function timed(args: string[]): Measure {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const last = run.stderr.trim().split('\n').pop() ?? '';
  const [wall, user, sys, rssKb] = last.split(' ').map(Number);
  if (run.status !== 0 || wall === undefined || Number.isNaN(wall))
    throw new Error(`run failed (${run.status}): ${args.join(' ')}\n${run.stderr}`);
  return { wall, cpu: (user ?? 0) + (sys ?? 0), rssMb: (rssKb ?? 0) / 1024 };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const spread = (xs: number[], digits: number): string =>
  `${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)}`;
const show = (label: string, xs: number[], digits: number, unit = ''): string =>
  `  ${label.padEnd(44)} median ${median(xs).toFixed(digits).padStart(9)}${unit}   spread ${spread(xs, digits)}${unit}`;

function main(): void {
  const { full, small, smallRecords } = prepare();
  const floorArgs = ['--import', 'tsx', 'bench/archive-floor.ts', full];
  const analyze = (dir: string, json: boolean) => [
    'bin/honeytrail',
    'analyze',
    '--quiet',
    ...(json ? ['--json'] : []),
    '--decoys',
    DECOYS,
    dir,
  ];
  const rows: { floor: Measure; table: Measure; json: Measure; small: Measure }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const floor = timed(floorArgs);
    const table = timed(analyze(full, false));
    const json = timed(analyze(full, true));
    const tenth = timed(analyze(small, false));
    rows.push({ floor, table, json, small: tenth });
    console.log(
      `round ${round}: floor ${floor.wall.toFixed(2)} s (${floor.cpu.toFixed(2)} CPU-s), analyze ${table.wall.toFixed(2)} s (${table.cpu.toFixed(2)} CPU-s, ${table.rssMb.toFixed(0)} MB), --json ${json.wall.toFixed(2)} s (${json.rssMb.toFixed(0)} MB), 100k ${tenth.wall.toFixed(2)} s (${tenth.rssMb.toFixed(0)} MB)`,
    );
  }
  const perCpu = (m: Measure) => RECORDS / m.cpu;
  const tablePerCpu = rows.map((r) => perCpu(r.table));
  const jsonPerCpu = rows.map((r) => perCpu(r.json));
  const floorPerCpu = rows.map((r) => perCpu(r.floor));
  const ratio = rows.map((r) => r.table.wall / r.floor.wall);
  const jsonRatio = rows.map((r) => r.json.wall / r.floor.wall);
  const rss1m = rows.map((r) => Math.max(r.table.rssMb, r.json.rssMb));
  const rss100k = rows.map((r) => r.small.rssMb);
  const growth = rows.map((r) => Math.max(r.table.rssMb, r.json.rssMb) / r.small.rssMb);
  console.log(`\n${RECORDS.toLocaleString('en-US')} records, ${FILES} files; ${ROUNDS} interleaved rounds`);
  console.log(show('floor events per CPU-second', floorPerCpu, 0));
  console.log(show('analyze events per CPU-second (table)', tablePerCpu, 0));
  console.log(show('analyze events per CPU-second (--json)', jsonPerCpu, 0));
  console.log(show('wall ratio to the floor (table)', ratio, 2, 'x'));
  console.log(show('wall ratio to the floor (--json)', jsonRatio, 2, 'x'));
  console.log(show(`peak RSS at ${smallRecords.toLocaleString('en-US')} records`, rss100k, 0, ' MB'));
  console.log(show(`peak RSS at ${RECORDS.toLocaleString('en-US')} records`, rss1m, 0, ' MB'));
  console.log(show('peak RSS growth, 1M over 100k', growth, 2, 'x'));
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log('\nTargets (medians):');
  console.log(
    `  >= 50,000 events per CPU-second: ${verdict(median(tablePerCpu) >= 50_000 && median(jsonPerCpu) >= 50_000)}`,
  );
  console.log(`  wall <= 2.5x the floor: ${verdict(median(ratio) <= 2.5 && median(jsonRatio) <= 2.5)}`);
  console.log(`  peak RSS <= 300 MB at 1M: ${verdict(median(rss1m) <= 300)}`);
  console.log(`  peak RSS at 1M <= 1.2x the 100k figure: ${verdict(median(growth) <= 1.2)}`);
}

main();
