import type { Detection } from '../detect/detection.ts';
import type { Verdict } from '../enrich/types.ts';
import { keys } from '../store/keys.ts';
import { cleanText } from '../text.ts';
import { callName, INCIDENT_ID, type IncidentState, type IncidentStatus } from './model.ts';
import { topCalls } from './view.ts';

/**
 * Working the case, the pure part: which incidents a filter keeps and in what order, the summary
 * the CLI prints and exports, and a timeline row per stored call. No AWS here.
 */
export const STATUSES: readonly IncidentStatus[] = ['open', 'acknowledged', 'resolved'];

export class CaseInputError extends Error {
  override name = 'CaseInputError';
}

/** `HT-7K3M-Q2XD`, typed in any case. Anything else is refused before the table is read. */
export function parseIncidentId(text: string): string {
  const id = text.trim().toUpperCase();
  if (!INCIDENT_ID.test(id)) {
    throw new CaseInputError(`not an incident ID: "${cleanText(text, 40)}" (expected the form HT-7K3M-Q2XD)`);
  }
  return id;
}

const RELATIVE = /^(\d{1,5})([mhd])$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `--since`: a date (`2026-11-20`, UTC midnight), a time with zone, or an age (`30m`, `24h`, `7d`). */
export function parseSince(text: string, now: number): string {
  const value = text.trim();
  const relative = RELATIVE.exec(value);
  if (relative) {
    const unit = relative[2] as keyof typeof UNIT_MS;
    return new Date(now - Number(relative[1]) * UNIT_MS[unit]).toISOString();
  }
  const iso = ISO_DATE.test(value) ? `${value}T00:00:00Z` : ISO_TIME.test(value) ? value : undefined;
  const at = iso ? Date.parse(iso) : Number.NaN;
  // Date.parse rolls 2026-02-31 over to March; a real date prints back to the same day.
  if (!Number.isFinite(at) || (ISO_DATE.test(value) && new Date(at).toISOString().slice(0, 10) !== value)) {
    throw new CaseInputError(
      `--since: "${cleanText(value, 40)}" is not a date (2026-11-20), a time (2026-11-20T08:00:00Z) or an age (30m, 24h, 7d)`,
    );
  }
  return new Date(at).toISOString();
}

export interface IncidentFilter {
  state?: IncidentStatus;
  decoy?: string;
  /** ISO time: keep incidents active at or after it. */
  since?: string;
}

const RANK: Record<IncidentStatus, number> = { open: 0, acknowledged: 1, resolved: 2 };

/** Open first, then acknowledged, then resolved; the most recently active first within each. */
export function selectIncidents(
  incidents: readonly IncidentState[],
  filter: IncidentFilter,
): IncidentState[] {
  return incidents
    .filter((i) => !filter.state || i.status === filter.state)
    .filter((i) => !filter.decoy || i.decoy?.userName === filter.decoy || i.subject === filter.decoy)
    .filter((i) => !filter.since || i.lastSeen >= filter.since)
    .sort(
      (a, b) =>
        RANK[a.status] - RANK[b.status] || b.lastSeen.localeCompare(a.lastSeen) || a.id.localeCompare(b.id),
    );
}

/** The incident as the CLI prints and exports it: counts and sets, not the internal claims and locks. */
export function summaryOf(state: IncidentState) {
  return {
    id: state.id,
    status: state.status,
    ...(state.statusBy ? { statusBy: state.statusBy } : {}),
    ...(state.statusAt ? { statusAt: state.statusAt } : {}),
    ...(state.statusNote ? { statusNote: state.statusNote } : {}),
    kind: state.openedKind,
    subject: state.subject,
    ...(state.decoy ? { decoy: state.decoy } : {}),
    firstSeen: state.firstSeen,
    lastSeen: state.lastSeen,
    calls: state.calls,
    denied: state.denied,
    succeeded: state.succeeded,
    held: state.held,
    mails: state.mails,
    ipCount: state.ipCount,
    ips: state.ips,
    asns: state.asns,
    countries: state.countries,
    tools: state.tools,
    distros: state.distros,
    networks: state.networks,
    verdicts: state.verdicts,
    categories: state.categories,
    topCalls: topCalls(state, 10),
    escalations: state.escalations,
  };
}
export type IncidentSummary = ReturnType<typeof summaryOf>;

/** Where an incident's calls are in the table (gsi1): the decoy, or the kind for other findings. */
export function timelineSubject(state: IncidentState): string {
  return state.decoy ? keys.decoy(state.decoy.accountId, state.decoy.userName) : `KIND#${state.openedKind}`;
}

/** One stored call as the timeline shows it. Every string is cleaned again: the table is not trusted. */
export interface TimelineRow {
  time: string;
  eventId: string;
  call: string;
  result: 'SUCCEEDED' | 'DENIED' | 'FAILED';
  errorCode?: string;
  sourceIp: string;
  ipKind: string;
  asn?: number;
  asOrg?: string;
  country?: string;
  network?: string;
  provider?: string;
  tool?: string;
  userAgent: string;
  verdict: Verdict;
  confidence: number;
  category: string;
  severity: string;
  /** `mailed (opened|escalation|always|update)`, `mailed (store down)` or `held back`. */
  mail: string;
  mailed: boolean;
  nextSteps: string[];
  reasons: string[];
}

export interface StoredCall {
  detection: Detection;
  alertState: string;
  mail?: string;
}

function mailOf(call: StoredCall): { mail: string; mailed: boolean } {
  if (call.alertState === 'held') return { mail: 'held back', mailed: false };
  if (call.alertState === 'sent-fail-open') return { mail: 'mailed (store down)', mailed: true };
  return { mail: `mailed (${call.mail ?? 'sent'})`, mailed: true };
}

export function timelineRow(call: StoredCall): TimelineRow {
  const { event, actor } = call.detection;
  const text = (value: string | undefined, max = 80) => (value ? cleanText(value, max) : undefined);
  const tool = text(actor.tool ?? actor.uaFamily, 40);
  const result = event.errorCode ? 'DENIED' : event.failed ? 'FAILED' : 'SUCCEEDED';
  const row: TimelineRow = {
    time: cleanText(event.time, 40),
    eventId: cleanText(event.id, 80),
    call: cleanText(callName(call.detection), 80),
    result,
    sourceIp: cleanText(actor.sourceIp, 64),
    ipKind: cleanText(actor.ipKind ?? '', 20),
    userAgent: cleanText(actor.userAgent ?? '', 256),
    verdict: actor.verdict,
    confidence: actor.confidence,
    category: cleanText(call.detection.category, 40),
    severity: cleanText(call.detection.severity, 10),
    ...mailOf(call),
    nextSteps: (call.detection.nextSteps ?? []).map((s) => cleanText(s, 300)),
    reasons: (actor.reasons ?? []).map((s) => cleanText(s, 200)),
  };
  const optional = {
    errorCode: text(event.errorCode, 60),
    asOrg: text(actor.asOrg),
    country: text(actor.country, 8),
    network: text(actor.network, 20),
    provider: text(actor.provider, 40),
    tool,
  };
  for (const [name, value] of Object.entries(optional)) if (value) Object.assign(row, { [name]: value });
  if (typeof actor.asn === 'number') row.asn = actor.asn;
  return row;
}

/** Rows of one incident, oldest first; the store may hand back neighbours of another incident. */
export function timelineOf(
  calls: readonly (StoredCall & { incidentId?: string })[],
  id: string,
): TimelineRow[] {
  return calls
    .filter((c) => c.incidentId === id)
    .map(timelineRow)
    .sort((a, b) => a.time.localeCompare(b.time) || a.eventId.localeCompare(b.eventId));
}
