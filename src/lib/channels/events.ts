import { eventEntrySize } from '../aws/eventbridge.ts';
import type { Detection } from '../detect/detection.ts';
import {
  type ChannelNotice,
  checkNotice,
  type IncidentSummary,
  incidentSummary,
  type NoticeKind,
  timeOf,
} from './notice.ts';

/** `source` of every honeytrail event on the bus; rules match on it (docs/events.md). */
export const EVENT_SOURCE = 'honeytrail';
export const DETAIL_TYPES = {
  detection: 'Honeytrail Detection',
  incident: 'Honeytrail Incident Changed',
} as const;

/** Bumped when a field changes meaning or goes away; adding fields keeps the version. */
export const EVENT_SCHEMA_VERSION = '1';

/** One PutEvents entry; the same field names as the SDK's PutEventsRequestEntry. */
export interface EventEntry {
  EventBusName: string;
  Source: string;
  DetailType: string;
  Detail: string;
  Resources: string[];
  Time?: Date;
}

export interface DetectionEventDetail {
  schemaVersion: string;
  notice: NoticeKind;
  detection: Detection;
  incidentId?: string;
}

export interface IncidentEventDetail {
  schemaVersion: string;
  /** `opened`, `escalation` (a new detection changed the incident) or `update` (digest, status change). */
  change: Exclude<NoticeKind, 'detection'>;
  incident: IncidentSummary;
  reason?: string;
  /** The detection that changed the incident, when one did. */
  detectionId?: string;
  severity?: Detection['severity'];
}

/** EventBridge's limit for one entry, and for all entries of one PutEvents call together. */
export const EVENT_SIZE_LIMIT = 256 * 1024;

/** A rendered event over EventBridge's size limit: it would be refused, so it is refused here first. */
export class EventTooLargeError extends Error {
  override name = 'EventTooLargeError';
}

export interface EventOptions {
  busName: string;
  partition?: string;
}

function resourcesOf(detection: Detection | undefined, partition: string): string[] {
  if (!detection?.decoy) return [];
  return [`arn:${partition}:iam::${detection.decoy.accountId}:user/${detection.decoy.userName}`];
}

function timeFor(notice: ChannelNotice): Date | undefined {
  const time = new Date(timeOf(notice));
  return Number.isNaN(time.getTime()) ? undefined : time;
}

/**
 * The events for one notice: `Honeytrail Detection` for each notice that carries a detection, and
 * `Honeytrail Incident Changed` for each notice about an incident (opened, escalated, updated).
 */
export function toEventEntries(notice: ChannelNotice, options: EventOptions): EventEntry[] {
  checkNotice(notice);
  const partition = options.partition ?? 'aws';
  const time = timeFor(notice);
  const base = {
    EventBusName: options.busName,
    Source: EVENT_SOURCE,
    Resources: resourcesOf(notice.detection, partition),
    ...(time ? { Time: time } : {}),
  };
  const entries: EventEntry[] = [];
  if (notice.detection) {
    const detail: DetectionEventDetail = {
      schemaVersion: EVENT_SCHEMA_VERSION,
      notice: notice.notice,
      detection: notice.detection,
      ...(notice.incident ? { incidentId: notice.incident.id } : {}),
    };
    entries.push({ ...base, DetailType: DETAIL_TYPES.detection, Detail: JSON.stringify(detail) });
  }
  if (notice.incident && notice.notice !== 'detection') {
    const detail: IncidentEventDetail = {
      schemaVersion: EVENT_SCHEMA_VERSION,
      change: notice.notice,
      incident: incidentSummary(notice.incident),
      ...(notice.reason ? { reason: notice.reason } : {}),
      ...(notice.detection ? { detectionId: notice.detection.id, severity: notice.detection.severity } : {}),
    };
    entries.push({ ...base, DetailType: DETAIL_TYPES.incident, Detail: JSON.stringify(detail) });
  }
  for (const entry of entries) {
    const size = eventEntrySize(entry);
    if (size > EVENT_SIZE_LIMIT)
      throw new EventTooLargeError(
        `${entry.DetailType} event is ${size} bytes, over EventBridge's ${EVENT_SIZE_LIMIT}-byte entry limit`,
      );
  }
  return entries;
}
