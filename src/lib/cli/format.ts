import type { Passed } from '../archive/inputs.ts';
import type { IncidentSummary, RunCounts } from '../archive/summary.ts';
import { BEHAVIOUR, type BehaviourFacts, span } from '../enrich/behaviour.ts';
import { leadingVerdict, topCalls } from '../incidents/view.ts';
import { cleanText } from '../text.ts';
import type { AnalyzeResult, InvalidResult, ValidResult } from './analyze.ts';

/** One line of `--json` output. */
export function toJsonLine(result: AnalyzeResult): string {
  return JSON.stringify(result);
}

/** Fixed widths, so rows can be printed as they are found instead of after the whole run. */
const COLUMNS = [
  ['TIME', 20],
  ['REGION', 14],
  ['ACCOUNT', 12],
  ['DECOY', 22],
  ['DETECTION', 24],
  ['CALL', 34],
  ['RESULT', 22],
  ['SOURCE', 42],
  ['TOOL / VERDICT', 30],
  ['INPUT', 0],
] as const;

function line(cells: readonly string[]): string {
  return cells
    .map((cell, i) => {
      const width = COLUMNS[i]?.[1] ?? 0;
      if (width === 0) return cell;
      const fitted = cell.length > width ? `${cell.slice(0, width - 1)}…` : cell;
      return fitted.padEnd(width);
    })
    .join('  ')
    .trimEnd();
}

export const tableHeader = (): string => `${line(COLUMNS.map(([name]) => name))}\n`;

const shortTime = (time: string | undefined): string =>
  time ? time.replace('T', ' ').replace(/\.\d+/, '') : '-';

function sourceCell(result: ValidResult): string {
  const { actor } = result;
  const parts = [actor.sourceIp];
  if (actor.asn !== undefined) parts.push(`AS${actor.asn}`);
  if (actor.country) parts.push(actor.country);
  return parts.join(' ');
}

function toolCell(result: ValidResult): string {
  const tool = result.actor.tool ?? result.actor.client ?? '-';
  return `${tool} / ${result.actor.verdict}`;
}

/** Table rows for one result: one per detection; none for a plain event unless `all`. */
export function tableRows(result: AnalyzeResult, all = false): string {
  if (!result.valid) return `${invalidRow(result)}\n`;
  const call = `${result.eventSource.replace(/\.amazonaws\.com$/, '')}:${result.eventName}`;
  const outcome = result.errorCode ? `DENIED ${result.errorCode}` : 'OK';
  const head = [shortTime(result.eventTime), result.region ?? '-', result.accountId ?? '-'];
  const tail = [call, outcome, sourceCell(result), toolCell(result), result.source];
  if (result.detections.length === 0) return all ? `${line([...head, '-', '-', ...tail])}\n` : '';
  return result.detections
    .map((d) => `${line([...head, d.decoy ?? '-', `${d.kind}/${d.severity}`, ...tail])}\n`)
    .join('');
}

function invalidRow(result: InvalidResult): string {
  return line(['-', '-', '-', '-', 'INVALID', cleanText(result.error, 200), '', '', '', result.source]);
}

const plural = (n: number, word: string): string =>
  `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** Behaviour over the whole incident, in the verdict's own terms and thresholds. */
export function behaviourSignals(facts: BehaviourFacts | undefined): string[] {
  if (!facts) return [];
  const out: string[] = [];
  if (facts.sweep.names >= BEHAVIOUR.sweepNames) out.push(`sweep of ${facts.sweep.names} distinct calls`);
  if (facts.peakPerWindow >= BEHAVIOUR.burstPerMinute)
    out.push(`${facts.peakPerWindow} calls within a minute`);
  if (facts.recheck && facts.recheck.days >= 2)
    out.push(`${facts.recheck.eventName} repeated on ${facts.recheck.days} days`);
  if (facts.distinctIps >= BEHAVIOUR.manyIps) out.push(`${facts.distinctIps} source IPs`);
  const gap = facts.medianGapMs;
  if (
    !out.length &&
    gap !== undefined &&
    facts.calls >= 3 &&
    gap >= BEHAVIOUR.manualGapMinMs &&
    gap <= BEHAVIOUR.manualGapMaxMs
  )
    out.push(`${facts.calls} calls about ${span(gap)} apart: manual pace`);
  return out;
}

function verdictText(summary: IncidentSummary): string {
  const { verdicts } = summary.incident;
  const lead = leadingVerdict(verdicts) ?? 'unknown';
  const counts = Object.entries(verdicts)
    .map(([verdict, n]) => `${verdict} ${n}`)
    .join(', ');
  const signals = behaviourSignals(summary.behaviour);
  return `${lead.toUpperCase()} (${counts || 'no verdicts'})${signals.length ? `; ${signals.join('; ')}` : ''}`;
}

/** The closing incident summary: one block per incident, oldest first. */
export function formatIncidents(incidents: readonly IncidentSummary[]): string {
  if (incidents.length === 0) return 'No incidents.\n';
  const out = [`Incidents (${incidents.length}), by first seen:`];
  for (const summary of incidents) {
    const i = summary.incident;
    const sources = i.ips.slice(0, 5).map((ip) => cleanText(ip, 48));
    const more = i.ipCount > sources.length ? ` (+${i.ipCount - sources.length} more)` : '';
    out.push(
      '',
      `${i.id}  ${cleanText(i.subject, 64)}${i.decoy ? ` (decoy, account ${i.decoy.accountId})` : ` (${i.openedKind})`}`,
      `  seen       ${shortTime(i.firstSeen)} .. ${shortTime(i.lastSeen)}`,
      `  calls      ${i.calls} (${i.denied} denied, ${i.succeeded} succeeded); top: ${topCalls(i)
        .map((c) => `${c.call} x${c.count}`)
        .join(', ')}`,
      `  sources    ${sources.join(', ') || '-'}${more}${i.asns.length ? `; AS${i.asns.slice(0, 5).join(', AS')}` : ''}${i.countries.length ? `; ${i.countries.join(', ')}` : ''}`,
      `  tools      ${i.tools.map((t) => cleanText(t, 40)).join(', ') || '-'}${i.distros.length ? ` on ${i.distros.join(', ')}` : ''}`,
      `  categories ${i.categories.join(', ')}`,
      `  verdict    ${verdictText(summary)}`,
    );
    if (i.escalations.length)
      out.push(
        `  escalations ${i.escalations.map((e) => `${shortTime(e.time)} ${e.kind} ${cleanText(e.detail, 60)}`).join('; ')}`,
      );
  }
  return `${out.join('\n')}\n`;
}

/** Where every input and record went. The numbers always add up: nothing is left uncounted. */
export function formatCounts(counts: RunCounts): string {
  const { files, records } = counts;
  const skipped = files.skipped
    ? ` (${[files.digests ? `${files.digests} digest` : '', files.skipped - files.digests ? `${files.skipped - files.digests} other` : ''].filter(Boolean).join(', ')})`
    : '';
  return [
    `Inputs: ${plural(files.read, 'file')} read, ${files.skipped} skipped${skipped}, ${files.failed} failed.`,
    `Records: ${records.records.toLocaleString('en-US')} read: ${records.analysed.toLocaleString('en-US')} analysed (${records.warned} with warnings), ${records.invalid} invalid; ${plural(counts.detections, 'detection')} in ${plural(counts.hits, 'event')}.`,
  ].join('\n');
}

export function formatInvalid(invalid: readonly Passed[], total: number): string {
  if (total === 0) return '';
  const lines = invalid.map((entry) => `  ${entry.name}: ${entry.reason}`);
  if (total > invalid.length) lines.push(`  ... and ${total - invalid.length} more`);
  return `Invalid entries:\n${lines.join('\n')}\n`;
}

/** The summary as the last line of `--json` output: it has `summary`, never `source`. */
export function summaryJson(
  counts: RunCounts,
  incidents: readonly IncidentSummary[],
  failed: readonly Passed[],
): string {
  return JSON.stringify({
    summary: counts,
    failedInputs: failed,
    incidents: incidents.map(({ incident: i, behaviour }) => ({
      id: i.id,
      subject: i.subject,
      kind: i.openedKind,
      ...(i.decoy ? { decoy: i.decoy.userName, accountId: i.decoy.accountId } : {}),
      firstSeen: i.firstSeen,
      lastSeen: i.lastSeen,
      calls: i.calls,
      denied: i.denied,
      succeeded: i.succeeded,
      sourceIps: i.ips,
      asns: i.asns,
      countries: i.countries,
      tools: i.tools,
      categories: i.categories,
      verdicts: i.verdicts,
      topCalls: topCalls(i),
      escalations: i.escalations,
      signals: behaviourSignals(behaviour),
    })),
  });
}
