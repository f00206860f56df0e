import { alignColumns, cleanText } from '../text.ts';
import type { Case } from './cases.ts';
import type { Escalation, IncidentState } from './model.ts';
import type { TimelineRow } from './query.ts';
import { topCalls } from './view.ts';

/** Text for `incidents list` and `incidents show`. Strings from the table are cleaned again. */
const t = (value: string | undefined, max = 80) => cleanText(value ?? '', max);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `2026-11-20T10:00:00Z`: seconds are enough to read, and CloudTrail has no finer times. */
export const shortTime = (iso: string | undefined) => (iso ? t(iso, 40).replace(/\.\d+Z$/, 'Z') : '-');

export function duration(fromIso: string, toIso: string): string {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (!Number.isFinite(ms) || ms < 0) return '-';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

function list(values: readonly (string | number)[], max = 8): string {
  if (values.length === 0) return '-';
  const shown = values.slice(0, max).map((v) => t(String(v), 60));
  return values.length > max ? `${shown.join(', ')} (+${values.length - max} more)` : shown.join(', ');
}

function verdicts(state: Pick<IncidentState, 'verdicts'>): string {
  const parts = Object.entries(state.verdicts).map(([verdict, n]) => `${verdict} ${n}`);
  return parts.length ? parts.join(', ') : '-';
}

/** `first-success`, or `new-tool: boto3` when the escalation names what is new. */
export function escalationText(e: Pick<Escalation, 'kind' | 'detail'>): string {
  return e.detail === e.kind ? e.kind : `${e.kind}: ${t(e.detail, 60)}`;
}

export function statusText(state: IncidentState): string {
  if (!state.statusBy) return state.status;
  const note = state.statusNote ? `: ${t(state.statusNote, 500)}` : '';
  return `${state.status} by ${t(state.statusBy, 160)} at ${shortTime(state.statusAt)}${note}`;
}

const LIST_HEADER = ['ID', 'STATUS', 'SUBJECT', 'FIRST SEEN', 'LAST SEEN', 'CALLS', 'IPS', 'ESC', 'TOOLS'];

/** `incidents list`: one aligned row per incident. */
export function formatList(incidents: readonly IncidentState[]): string {
  if (incidents.length === 0) return 'No incidents match.\n';
  const rows = incidents.map((i) => [
    i.id,
    i.status,
    t(i.decoy ? i.decoy.userName : `${i.openedKind}: ${i.subject}`, 48),
    shortTime(i.firstSeen),
    shortTime(i.lastSeen),
    String(i.calls),
    String(i.ipCount),
    String(i.escalations.length),
    list(i.tools, 3),
  ]);
  const lines = alignColumns([LIST_HEADER, ...rows]);
  lines.push('', plural(incidents.length, 'incident'));
  return `${lines.join('\n')}\n`;
}

/** The header of `show`: the aggregate as a labelled block. */
export function formatSummary(state: IncidentState): string[] {
  const row = (label: string, value: string) => `${label.padEnd(13)}${value}`;
  const lines = [`Incident ${state.id}  ${state.status.toUpperCase()}`, ''];
  if (state.decoy) {
    lines.push(row('Decoy', `${t(state.decoy.userName)} (account ${t(state.decoy.accountId, 20)})`));
    lines.push(row('Planted in', t(state.decoy.placement, 200)));
  } else {
    lines.push(row('Subject', `${state.openedKind}: ${t(state.subject)}`));
  }
  lines.push(
    row('First seen', shortTime(state.firstSeen)),
    row(
      'Last seen',
      `${shortTime(state.lastSeen)} (${duration(state.firstSeen, state.lastSeen)} after the first call)`,
    ),
    row(
      'Calls',
      `${state.calls} (denied ${state.denied}, succeeded ${state.succeeded}, held back from mail ${state.held}; ${plural(state.mails, 'mail')} sent)`,
    ),
    row('Source IPs', `${state.ipCount}: ${list(state.ips, 6)}`),
    row('ASNs', list(state.asns.map((a) => `AS${a}`))),
    row('Countries', list(state.countries)),
    row('Networks', list(state.networks)),
    row('Tools', list([...state.tools, ...state.distros])),
    row('Verdicts', verdicts(state)),
    row('Categories', list(state.categories)),
    row('Top calls', list(topCalls(state, 5).map((c) => `${c.call} ${c.count}`))),
  );
  if (state.escalations.length === 0) lines.push(row('Escalations', '-'));
  state.escalations.forEach((e, index) => {
    lines.push(row(index === 0 ? 'Escalations' : '', `${shortTime(e.time)}  ${escalationText(e)}`));
  });
  lines.push(row('Status', statusText(state)));
  return lines;
}

function sourceText(row: TimelineRow): string {
  const asn = row.asn !== undefined ? ` AS${row.asn}` : '';
  const country = row.country ? ` ${row.country}` : '';
  return `${row.sourceIp}${asn}${country}`;
}

function resultText(row: TimelineRow): string {
  return row.errorCode ? `${row.result} (${row.errorCode})` : row.result;
}

const TIMELINE_HEADER = ['TIME', 'CALL', 'RESULT', 'SOURCE', 'TOOL', 'VERDICT', 'MAIL'];

/** The call-by-call table; `limit` keeps a storm of 10,000 calls readable (0: everything). */
export function formatTimeline(rows: readonly TimelineRow[], limit: number): string[] {
  const shown = limit > 0 ? rows.slice(0, limit) : rows;
  const table = shown.map((r) => [
    shortTime(r.time),
    r.call,
    resultText(r),
    sourceText(r),
    r.tool ?? '-',
    r.verdict,
    r.mail,
  ]);
  const lines = [
    `Timeline (${plural(rows.length, 'call')}, oldest first)`,
    ...alignColumns([TIMELINE_HEADER, ...table]),
  ];
  if (shown.length < rows.length) {
    lines.push(`... ${rows.length - shown.length} later call(s) not shown: --limit 0 shows them all`);
  }
  return lines;
}

/** `incidents show ID`. */
export function formatCase(found: Case, limit: number): string {
  return `${[...formatSummary(found.incident), '', ...formatTimeline(found.timeline, limit)].join('\n')}\n`;
}
