import { Scanner } from '../archive/scan.ts';
import type { AnalyzeSession } from '../cli/run-analyze.ts';
import { type HuntRow, rowToRecord } from './rows.ts';

const BATCH = 1000;

/**
 * Feeds query rows through the same pipeline and summary as `honeytrail analyze`, a batch at a
 * time so memory stays flat however many rows the query returns. Row n is `<name>#n`.
 */
export async function analyzeRows(
  rows: AsyncIterable<HuntRow>,
  name: string,
  session: AnalyzeSession,
): Promise<void> {
  let scanner = new Scanner(session.scan);
  let n = 0;
  let first = true;
  const flush = (): void => {
    session.outcome(name, scanner.outcome(), first);
    first = false;
    scanner = new Scanner(session.scan);
  };
  for await (const row of rows) {
    scanner.record(`${name}#${n++}`, rowToRecord(row));
    if (scanner.tally.records >= BATCH) flush();
  }
  if (scanner.tally.records > 0 || first) flush();
}
