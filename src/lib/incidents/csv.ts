import type { Case } from './cases.ts';
import type { IncidentState } from './model.ts';
import { summaryOf } from './query.ts';

/**
 * CSV for `incidents export`: RFC 4180 quoting, and attacker strings kept from running as spreadsheet
 * formulas. A cell that starts with `=`, `+`, `-`, `@` (or a tab or carriage return, which some
 * spreadsheets skip before reading a formula) gets a leading apostrophe. Numbers are ours and stay as is.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly (string | number | undefined)[]): string {
  return cells.map(csvCell).join(',');
}

const joined = (values: readonly (string | number)[]) => values.map(String).join(' ');

const INCIDENT_COLUMNS = [
  'id',
  'status',
  'kind',
  'subject',
  'account',
  'firstSeen',
  'lastSeen',
  'calls',
  'denied',
  'succeeded',
  'held',
  'mails',
  'ipCount',
  'ips',
  'asns',
  'countries',
  'tools',
  'verdicts',
  'categories',
  'topCalls',
  'escalations',
  'statusBy',
  'statusAt',
  'statusNote',
] as const;

/** One row per incident. Lists are space-separated inside their cell. */
export function incidentsCsv(incidents: readonly IncidentState[]): string {
  const lines = [csvLine(INCIDENT_COLUMNS)];
  for (const state of incidents) {
    const s = summaryOf(state);
    lines.push(
      csvLine([
        s.id,
        s.status,
        s.kind,
        s.subject,
        s.decoy?.accountId,
        s.firstSeen,
        s.lastSeen,
        s.calls,
        s.denied,
        s.succeeded,
        s.held,
        s.mails,
        s.ipCount,
        joined(s.ips),
        joined(s.asns.map((a) => `AS${a}`)),
        joined(s.countries),
        joined(s.tools),
        joined(Object.entries(s.verdicts).map(([v, n]) => `${v}:${n}`)),
        joined(s.categories),
        joined(s.topCalls.map((c) => `${c.call}:${c.count}`)),
        joined(s.escalations.map((e) => `${e.time}/${e.kind}/${e.detail}`)),
        s.statusBy,
        s.statusAt,
        s.statusNote,
      ]),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

const CALL_COLUMNS = [
  'incident',
  'time',
  'eventId',
  'call',
  'result',
  'errorCode',
  'sourceIp',
  'asn',
  'asOrg',
  'country',
  'network',
  'tool',
  'userAgent',
  'verdict',
  'confidence',
  'category',
  'severity',
  'mail',
] as const;

/** One row per call of one incident. */
export function callsCsv(found: Case): string {
  const lines = [csvLine(CALL_COLUMNS)];
  for (const r of found.timeline) {
    lines.push(
      csvLine([
        found.incident.id,
        r.time,
        r.eventId,
        r.call,
        r.result,
        r.errorCode,
        r.sourceIp,
        r.asn,
        r.asOrg,
        r.country,
        r.network,
        r.tool,
        r.userAgent,
        r.verdict,
        r.confidence,
        r.category,
        r.severity,
        r.mail,
      ]),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
