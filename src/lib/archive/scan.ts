import { eventResult, type ValidResult } from '../cli/analyze.ts';
import { type CloudTrailRecord, parseEnvelope, parseRecord } from '../cloudtrail/schema.ts';
import { enrichRecord } from '../detect/rules.ts';
import { EventValidationError } from '../errors.ts';
import { cleanText } from '../text.ts';
import { DecodeError, decodeText } from './decode.ts';
import {
  type CandidateFilter,
  isCandidate,
  isDigest,
  isEnvelope,
  isLogFile,
  isObject,
  repair,
  structuralProblem,
} from './precheck.ts';

/** What a worker hands back for one record worth reporting, in input order. */
export type ScanItem =
  | { kind: 'candidate'; source: string; record: CloudTrailRecord; warnings: string[] }
  | { kind: 'invalid'; source: string; error: string }
  | { kind: 'event'; result: ValidResult }
  /** A record analysed with warnings and nothing to report (the first few per input). */
  | { kind: 'warning'; source: string; warnings: string[] };

const WARNINGS_PER_INPUT = 5;

export interface ScanTally {
  records: number;
  /** Records that passed the structural check (candidates included). */
  analysed: number;
  candidates: number;
  invalid: number;
  /** Analysed with a warning: a field detection does not need was missing or odd. */
  warned: number;
}

export const emptyTally = (): ScanTally => ({
  records: 0,
  analysed: 0,
  candidates: 0,
  invalid: 0,
  warned: 0,
});

export function addTally(into: ScanTally, from: ScanTally): void {
  into.records += from.records;
  into.analysed += from.analysed;
  into.candidates += from.candidates;
  into.invalid += from.invalid;
  into.warned += from.warned;
}

export interface ScanOptions {
  filter: CandidateFilter;
  /** `--all`: records without a detection are reported too, each with its actor. */
  all: boolean;
}

/** One input's outcome: read (with its items), skipped (digest), or failed (one line naming it). */
export type InputOutcome =
  | { status: 'read'; items: ScanItem[]; tally: ScanTally }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string };

const message = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause));

export class Scanner {
  readonly items: ScanItem[] = [];
  readonly tally = emptyTally();
  constructor(private readonly options: ScanOptions) {}

  private invalid(source: string, error: string): void {
    this.tally.invalid += 1;
    this.items.push({ kind: 'invalid', source: cleanText(source, 1024), error: cleanText(error, 500) });
  }

  private accept(source: string, record: CloudTrailRecord, warnings: string[], candidate: boolean): void {
    this.tally.analysed += 1;
    if (warnings.length > 0) this.tally.warned += 1;
    if (candidate) {
      this.tally.candidates += 1;
      this.items.push({ kind: 'candidate', source, record, warnings });
    } else if (this.options.all) {
      this.items.push({
        kind: 'event',
        result: eventResult(source, record, enrichRecord(record), [], warnings),
      });
    }
  }

  /** A bare CloudTrail record: the structural check, then the full schema only when needed. */
  record(source: string, value: unknown): void {
    this.tally.records += 1;
    const problem = structuralProblem(value);
    if (problem || !isObject(value)) {
      this.invalid(source, `invalid CloudTrail record: ${problem ?? 'expected an object'}`);
      return;
    }
    const { record, warnings } = repair(value);
    const candidate = isCandidate(record, this.options.filter);
    if (!candidate && !this.options.all) {
      this.tally.analysed += 1;
      if (warnings.length > 0 && this.tally.warned++ < WARNINGS_PER_INPUT)
        this.items.push({ kind: 'warning', source, warnings });
      return;
    }
    let parsed: CloudTrailRecord;
    try {
      parsed = parseRecord(record);
    } catch (cause) {
      if (!(cause instanceof EventValidationError)) throw cause;
      this.invalid(source, cause.message);
      return;
    }
    this.accept(source, parsed, warnings, candidate);
  }

  /** An EventBridge delivery: always validated in full (they come one per file). */
  envelope(source: string, value: Record<string, unknown>): void {
    this.tally.records += 1;
    const problem = structuralProblem(value.detail);
    if (problem || !isObject(value.detail)) {
      const where =
        problem && value.detail !== null && typeof value.detail === 'object'
          ? `detail.${problem}`
          : 'detail: expected a CloudTrail record (a JSON object)';
      this.invalid(source, `invalid EventBridge CloudTrail event: ${where}`);
      return;
    }
    const { record, warnings } = repair(value.detail);
    let parsed: CloudTrailRecord;
    try {
      parsed = parseEnvelope({ ...value, detail: record }).detail;
    } catch (cause) {
      if (!(cause instanceof EventValidationError)) throw cause;
      this.invalid(source, cause.message);
      return;
    }
    this.accept(source, parsed, warnings, isCandidate(parsed, this.options.filter));
  }

  /** One parsed JSON value: a log file, a digest, an envelope or a record. */
  value(source: string, value: unknown): 'read' | 'digest' {
    if (isDigest(value)) return 'digest';
    if (isLogFile(value)) {
      const records = value.Records;
      for (let i = 0; i < records.length; i++) this.record(`${source}#${i}`, records[i]);
    } else if (isEnvelope(value)) this.envelope(source, value);
    else this.record(source, value);
    return 'read';
  }

  /** A whole file's bytes. Undecodable bytes fail the input; text that is not JSON is an invalid entry. */
  bytes(source: string, bytes: Buffer): InputOutcome {
    let text: string;
    try {
      text = decodeText(bytes);
    } catch (cause) {
      if (cause instanceof DecodeError) return { status: 'failed', reason: cause.message };
      throw cause;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      this.tally.records += 1;
      this.invalid(source, `not valid JSON: ${message(cause)}`);
      return this.outcome();
    }
    if (this.value(source, value) === 'digest')
      return { status: 'skipped', reason: 'CloudTrail digest file' };
    return this.outcome();
  }

  outcome(): InputOutcome {
    return { status: 'read', items: this.items, tally: this.tally };
  }
}
