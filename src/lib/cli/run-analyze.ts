import { availableParallelism } from 'node:os';
import { type InputRef, inputName, listInputs, readInput } from '../archive/inputs.ts';
import { runInOrder, startWorkers, workerScript } from '../archive/pool.ts';
import { makeProgress, noProgress, type Progress } from '../archive/progress.ts';
import type { InputOutcome, ScanOptions } from '../archive/scan.ts';
import { DEFAULT_HOME_REGION, makeDetectorResolver, stageNames } from '../archive/stage.ts';
import { readStdin } from '../archive/stdin.ts';
import { makeRunSummary, type RunCounts } from '../archive/summary.ts';
import { makeS3Reader, type S3Reader } from '../aws/s3.ts';
import { type CliConfig, loadCliConfig } from '../config.ts';
import { loadRegistryFile } from '../decoys/load.ts';
import type { Registry } from '../decoys/registry.ts';
import { ALL_RULES } from '../detect/all-rules.ts';
import type { Rule } from '../detect/rules.ts';
import { cleanText } from '../text.ts';
import { type Analyzer, makeAnalyzer } from './analyze.ts';
import {
  formatCounts,
  formatIncidents,
  formatInvalid,
  summaryJson,
  tableHeader,
  tableRows,
  toJsonLine,
} from './format.ts';

export interface AnalyzeOptions {
  decoys: string;
  json: boolean;
  /** Also report records without a detection, each with its actor. */
  all?: boolean;
  /** Derive honeytrail's own resource names for this stage, so detector-tamper can fire. */
  stage?: string;
  trail?: string;
  homeRegion?: string;
  /** Force progress on stderr (`--progress`) or silence it (`--quiet`). */
  progress?: boolean;
  quiet?: boolean;
  /** Worker threads; 0 reads in this thread. Default: one per core. */
  workers?: number;
  rules?: readonly Rule[];
}

export interface AnalyzeIo {
  stdout(text: string): void;
  stderr(text: string): void;
  stdin?: NodeJS.ReadableStream;
  stderrIsTTY?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** Inputs from which worker threads pay for their start-up. */
const WORKERS_FROM = 64;

export const EXIT_CLEAN = 0;
export const EXIT_INPUT_FAILED = 1;

export interface AnalyzeRun {
  exitCode: number;
  counts: RunCounts;
}

/** The shared pipeline: every input's outcome goes through here, in order, whatever its origin. */
export function makeSession(options: AnalyzeOptions, io: AnalyzeIo, registry: Registry, config: CliConfig) {
  const stage = options.stage ? stageNames(options.stage, registry, options.homeRegion) : undefined;
  const detectorFor = makeDetectorResolver({
    ...(stage ? { stage } : {}),
    ...(options.trail ? { trail: options.trail } : {}),
    homeRegion: options.homeRegion ?? DEFAULT_HOME_REGION,
    env: config,
  });
  const all = options.all ?? false;
  const summary = makeRunSummary(registry);
  const analyze: Analyzer = makeAnalyzer({
    registry,
    rules: options.rules ?? ALL_RULES,
    ...(detectorFor ? { detectorFor } : {}),
    behaviourFor: summary.behaviourFor,
    all,
  });
  const scan: ScanOptions = { filter: { registry, detector: Boolean(detectorFor) }, all };
  const showProgress = !options.quiet && (options.progress || io.stderrIsTTY === true);
  let progress: Progress = noProgress;
  const state = { filesDone: 0, filesTotal: 0, events: 0, detections: 0 };
  const warned: { name: string; reason: string }[] = [];
  if (!options.json) io.stdout(tableHeader());

  const write = (lines: string[]): void => {
    if (lines.length) io.stdout(lines.join(''));
  };

  return {
    scan,
    start(total: number): void {
      state.filesTotal = total;
      if (showProgress) progress = makeProgress(io.stderr);
    },
    addTotal(n: number): void {
      state.filesTotal += n;
    },
    failed(name: string, reason: string): void {
      summary.failedInput({ name, reason });
      progress.done();
      io.stderr(`honeytrail: ${cleanText(name, 1024)}: ${cleanText(reason, 300)}\n`);
    },
    skipped(name: string, reason: string): void {
      summary.skipped({ name, reason });
    },
    outcome(name: string, outcome: InputOutcome, countFile = true): void {
      if (countFile) state.filesDone += 1;
      if (outcome.status === 'failed') this.failed(name, outcome.reason);
      else if (outcome.status === 'skipped') this.skipped(name, outcome.reason);
      else {
        summary.read(outcome.tally, countFile);
        state.events += outcome.tally.records;
        const lines: string[] = [];
        for (const item of outcome.items) {
          if (item.kind === 'warning') {
            if (warned.length < 200) warned.push({ name: item.source, reason: item.warnings.join('; ') });
            continue;
          }
          if (item.kind === 'invalid') {
            const result = { source: item.source, valid: false as const, error: item.error };
            summary.invalidEntry({ name: item.source, reason: item.error });
            lines.push(options.json ? `${toJsonLine(result)}\n` : tableRows(result));
            continue;
          }
          const analysed =
            item.kind === 'event'
              ? { result: item.result, detections: [] }
              : analyze(item.source, item.record, item.warnings);
          if (item.kind === 'candidate' && item.warnings.length && warned.length < 200)
            warned.push({ name: item.source, reason: item.warnings.join('; ') });
          if (analysed.detections.length) {
            summary.detections(analysed.detections);
            summary.track(analysed.detections);
            state.detections += analysed.detections.length;
          }
          const result = analysed.result;
          if (result) lines.push(options.json ? `${toJsonLine(result)}\n` : tableRows(result, all));
        }
        write(lines);
      }
      progress.update(state);
    },
    /** Prints the summary and returns the exit code: 1 when any input failed. */
    finish(): AnalyzeRun {
      progress.done();
      const { counts } = summary;
      const incidents = summary.incidents();
      if (options.json) io.stdout(`${summaryJson(counts, incidents, summary.failed)}\n`);
      else {
        const warnings = warned.length
          ? `Warnings (analysed anyway):\n${warned.map((w) => `  ${w.name}: ${w.reason}`).join('\n')}\n`
          : '';
        io.stdout(
          `\n${formatIncidents(incidents)}\n${formatInvalid(summary.invalid, counts.records.invalid)}${warnings}${formatCounts(counts)}\n`,
        );
      }
      return { exitCode: counts.files.failed > 0 ? EXIT_INPUT_FAILED : EXIT_CLEAN, counts };
    },
  };
}

export type AnalyzeSession = ReturnType<typeof makeSession>;

/**
 * `honeytrail analyze`: streams every input through the fast path, prints detections and invalid
 * entries as they are found (in input order), then the incident summary and the counts. A bad
 * input is one line on stderr and the run goes on; the exit code says whether any failed.
 * Throws RegistryError for a bad decoys file (a usage problem: exit 2).
 */
export async function runAnalyze(
  paths: readonly string[],
  options: AnalyzeOptions,
  io: AnalyzeIo,
): Promise<AnalyzeRun> {
  const registry = loadRegistryFile(options.decoys);
  const config = loadCliConfig(io.env ?? process.env);
  const session = makeSession(options, io, registry, config);
  const forcePathStyle = Boolean(config.AWS_ENDPOINT_URL_S3 ?? config.AWS_ENDPOINT_URL);
  let reader: S3Reader | undefined;
  const s3 = (): S3Reader => {
    reader ??= makeS3Reader({ forcePathStyle });
    return reader;
  };
  const listing = await listInputs(
    paths.filter((p) => p !== '-'),
    s3,
  );
  session.start(listing.inputs.length + (paths.includes('-') ? 1 : 0));
  for (const entry of listing.failed) session.failed(entry.name, entry.reason);
  for (const entry of listing.skipped) session.skipped(entry.name, entry.reason);

  if (paths.includes('-')) {
    let values = 0;
    const end = await readStdin(io.stdin ?? process.stdin, session.scan, (outcome) => {
      session.outcome('-', outcome, values++ === 0);
    });
    if (!end.ok) session.failed('-', end.reason);
  }

  // Starting a worker costs a few hundred milliseconds: by default only archives get them.
  const auto = listing.inputs.length >= WORKERS_FROM ? availableParallelism() : 0;
  const workers = Math.min(options.workers ?? auto, listing.inputs.length);
  const s3Inputs = listing.inputs.some((ref) => ref.kind === 's3');
  if (workers <= 1) {
    await runInOrder(
      listing.inputs,
      (ref: InputRef) => readInput(ref, session.scan, s3),
      s3Inputs ? 8 : 2,
      (_i, ref, outcome) => session.outcome(inputName(ref), outcome),
    );
  } else {
    const pool = startWorkers(
      workers,
      {
        decoys: registry.decoys,
        detector: session.scan.filter.detector,
        all: session.scan.all,
        forcePathStyle,
      },
      await workerScript(),
    );
    try {
      // S3 GETs wait on the network: keep more of them in flight per worker.
      await runInOrder(listing.inputs, pool.run, workers * (s3Inputs ? 8 : 3), (_i, ref, outcome) =>
        session.outcome(inputName(ref), outcome),
      );
    } finally {
      await pool.close();
    }
  }
  reader?.close();
  return session.finish();
}
