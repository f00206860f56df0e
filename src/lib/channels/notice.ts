import type { Detection, Severity } from '../detect/detection.ts';

/**
 * What one notice to the SOC is about. `detection` is the new alert or the detection that drives an
 * escalation; `opened`, `escalation` and `update` notices also carry their incident.
 *
 * - `detection`: an alert outside any incident (or before incidents exist): one detection, one notice.
 * - `opened`: the first alert of a new incident.
 * - `escalation`: something new inside an open incident (a first success, a new tool or network, ...).
 * - `update`: the incident changed without a new alert: a digest of held activity, acknowledged, resolved.
 */
export type NoticeKind = 'opened' | 'escalation' | 'update' | 'detection';

/** The incident fields the channels show. Names and types match the incident model, so an incident
 * aggregate can be passed as it is; all but `id` and `status` are optional. */
export interface IncidentSummary {
  id: string;
  status: 'open' | 'acknowledged' | 'resolved';
  /** Decoy user name or resource name. */
  subject?: string;
  firstSeen?: string;
  lastSeen?: string;
  calls?: number;
  denied?: number;
  ipCount?: number;
  statusBy?: string;
  statusAt?: string;
  statusNote?: string;
}

const SUMMARY_KEYS = [
  'id',
  'status',
  'subject',
  'firstSeen',
  'lastSeen',
  'calls',
  'denied',
  'ipCount',
  'statusBy',
  'statusAt',
  'statusNote',
] as const satisfies readonly (keyof IncidentSummary)[];

/** Only the documented fields: an incident aggregate passed in keeps its internals (locks, claims) to itself. */
export function incidentSummary(incident: IncidentSummary): IncidentSummary {
  const picked: Record<string, unknown> = {};
  for (const key of SUMMARY_KEYS) if (incident[key] !== undefined) picked[key] = incident[key];
  return picked as unknown as IncidentSummary;
}

export interface ChannelNotice {
  notice: NoticeKind;
  detection?: Detection;
  incident?: IncidentSummary;
  /** Escalation: what is new, in a few words (`first successful call`, `new tool Pacu`). */
  reason?: string;
  /** When the notice was made (ISO 8601); defaults to the detection's event time. */
  at?: string;
}

/** A notice that cannot be rendered: it names what is missing. */
export class NoticeError extends Error {
  override name = 'NoticeError';
}

/** Checks the combinations the renderers rely on, once, so each renderer can trust its input. */
export function checkNotice(notice: ChannelNotice): void {
  if (notice.notice !== 'update' && !notice.detection)
    throw new NoticeError(`a ${notice.notice} notice needs its detection`);
  if (notice.notice !== 'detection' && !notice.incident)
    throw new NoticeError(`a ${notice.notice} notice needs its incident`);
  if (!notice.detection && !notice.incident)
    throw new NoticeError('a notice needs a detection or an incident');
}

/** One attack, one chat thread: the incident ID, else the detection's own ID. */
export function threadIdOf(notice: ChannelNotice): string {
  const id = notice.incident?.id ?? notice.detection?.id;
  if (!id) throw new NoticeError('a notice needs a detection or an incident');
  return id;
}

export function severityOf(notice: ChannelNotice): Severity {
  return notice.detection?.severity ?? 'high';
}

/** When the notice happened: `at`, else the detection's event time, else the incident's last change. */
export function timeOf(notice: ChannelNotice): string {
  const time =
    notice.at ?? notice.detection?.event.time ?? notice.incident?.statusAt ?? notice.incident?.lastSeen;
  if (!time) throw new NoticeError('an update notice needs `at` or an incident with statusAt or lastSeen');
  return time;
}
