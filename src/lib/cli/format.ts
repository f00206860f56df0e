import { alignColumns, cleanText } from '../text.ts';
import type { AnalyzeResult } from './analyze.ts';

/** One line of `--json` output. */
export function toJsonLine(result: AnalyzeResult): string {
  return JSON.stringify(result);
}

export interface Totals {
  events: number;
  invalid: number;
  detections: number;
}

export function totals(results: readonly AnalyzeResult[]): Totals {
  let invalid = 0;
  let detections = 0;
  for (const result of results) {
    if (result.valid) detections += result.detections.length;
    else invalid += 1;
  }
  return { events: results.length, invalid, detections };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function summaryLine({ events, invalid, detections }: Totals): string {
  return `${plural(events, 'event')}, ${invalid} invalid, ${plural(detections, 'detection')}`;
}

const HEADER = ['SOURCE', 'EVENT', 'DECOY', 'KIND', 'SEVERITY', 'SOURCE IP', 'TOOL', 'VERDICT'] as const;
type Row = [string, string, string, string, string, string, string, string];

function rowsFor(result: AnalyzeResult): Row[] {
  if (!result.valid) return [[result.source, '(invalid)', '-', '-', '-', '-', '-', '-']];
  const event = cleanText(`${result.eventSource.replace(/\.amazonaws\.com$/, '')}:${result.eventName}`, 48);
  const ip = cleanText(result.actor.sourceIp, 40);
  const tool = cleanText(result.actor.tool ?? result.actor.client ?? '-', 24);
  const tail = [ip, tool, result.actor.verdict] as const;
  if (result.detections.length === 0) return [[result.source, event, '-', '-', '-', ...tail]];
  return result.detections.map((d) => [
    result.source,
    event,
    cleanText(d.decoy ?? '-', 64),
    d.kind,
    d.severity,
    ...tail,
  ]);
}

/** The human-readable report: an aligned table, the errors of invalid events, then a summary line. */
export function formatTable(results: readonly AnalyzeResult[]): string {
  const rows: Row[] = [[...HEADER], ...results.flatMap(rowsFor)];
  const lines = alignColumns(rows);
  const invalid = results.filter((r) => !r.valid);
  if (invalid.length > 0) {
    lines.push('', 'Invalid events:');
    for (const result of invalid) if (!result.valid) lines.push(`  ${result.source}: ${result.error}`);
  }
  lines.push('', summaryLine(totals(results)));
  return `${lines.join('\n')}\n`;
}
