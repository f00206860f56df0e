import type { Detection, Severity } from '../detect/detection.ts';
import type { DigestSnapshot, IncidentState } from '../incidents/model.ts';
import { callName } from '../incidents/model.ts';
import { asciiText } from '../text.ts';
import { type AlertNotice, renderDigestEmail, renderEmail } from './email.ts';

export type { AlertNotice, NoticeReason } from './email.ts';
export { outcome, sourceParts } from './email.ts';

/** Everything SNS needs for one alert. */
export interface RenderedAlert {
  subject: string;
  email: string;
  json: string;
  attributes: Record<string, string>;
}

const SNS_MESSAGE_LIMIT = 256 * 1024;

/** The incident as the JSON carries it: counts and sets, not the internal claims and locks. */
export function incidentSummary(incident: IncidentState) {
  const {
    claims: _claims,
    locks: _locks,
    burstNames: _names,
    burstStart: _start,
    burstCalls: _calls,
    lastDigest: _d,
    ...rest
  } = incident;
  return rest;
}

/** SNS Subject: ASCII, at most 100 characters, one line; the incident ID always survives the cut. */
export function subjectLine(
  severity: Severity,
  what: string,
  who: string,
  tail: string,
  incidentId?: string,
): string {
  const suffix = incidentId ? ` [${incidentId}]` : '';
  const head = asciiText(
    `[honeytrail] ${severity.toUpperCase()} ${what}: ${who} - ${tail}`,
    100 - suffix.length,
  );
  return `${head}${suffix}`;
}

export function renderSubject(
  detection: Detection,
  notice?: Pick<AlertNotice, 'reason' | 'escalations' | 'incident'>,
): string {
  const target = detection.event.target?.split(/[:/]/).pop();
  const who = detection.decoy ? detection.decoy.userName : target || 'honeytrail';
  const what =
    notice?.reason === 'escalation'
      ? `escalation ${notice.escalations.map((e) => e.detail).join('+')}`
      : notice?.reason === 'update'
        ? 'update'
        : detection.category;
  return subjectLine(detection.severity, what, who, callName(detection), notice?.incident?.id);
}

function capToSnsLimit(email: string, json: string): string {
  // Sanitised fields are capped, so this only trims in theory; it keeps Publish from ever failing on size.
  const room = SNS_MESSAGE_LIMIT - 4 * json.length - 2048;
  return email.length > room ? `${email.slice(0, Math.max(room, 1024))}\n[truncated]` : email;
}

function attributes(
  severity: Severity,
  kind: string,
  category: string,
  notice: Pick<AlertNotice, 'reason' | 'incident' | 'duplicateOf'>,
  decoy?: string,
): Record<string, string> {
  return {
    severity,
    kind,
    category: asciiText(category, 64),
    notice: notice.reason,
    ...(decoy ? { decoy: asciiText(decoy, 64) } : {}),
    ...(notice.incident ? { incident: notice.incident.id } : {}),
    ...(notice.duplicateOf ? { 'duplicate-of': asciiText(notice.duplicateOf, 256) } : {}),
  };
}

/** One detection's alert: e-mail text, the Detection JSON with its notice, and filterable attributes. */
export function renderAlert(detection: Detection, notice: AlertNotice): RenderedAlert {
  const json = JSON.stringify({
    ...detection,
    notice: {
      reason: notice.reason,
      escalations: notice.escalations,
      ...(notice.incident ? { incident: incidentSummary(notice.incident) } : {}),
      ...(notice.digest ? { digest: notice.digest } : {}),
      ...(notice.duplicateOf ? { duplicateOf: notice.duplicateOf } : {}),
      ...(notice.reason === 'fail-open' ? { storedLater: true, mayRepeat: true } : {}),
    },
  });
  return {
    subject: renderSubject(detection, notice),
    email: capToSnsLimit(renderEmail(detection, notice), json),
    json,
    attributes: attributes(
      detection.severity,
      detection.kind,
      detection.category,
      notice,
      detection.decoy?.userName,
    ),
  };
}

/** The scheduled flush's update for a quiet incident: no detection of its own. */
export function renderDigest(incident: IncidentState, digest: DigestSnapshot, now: number): RenderedAlert {
  const severity: Severity = incident.categories.some((c) => c !== 'key-use') ? 'critical' : 'high';
  const json = JSON.stringify({
    kind: 'incident-update',
    notice: { reason: 'update', incident: incidentSummary(incident), digest },
  });
  return {
    subject: subjectLine(
      severity,
      'update',
      incident.subject,
      `${digest.since.calls} call(s) since last mail`,
      incident.id,
    ),
    email: capToSnsLimit(renderDigestEmail(incident, digest, now), json),
    json,
    attributes: attributes(
      severity,
      incident.openedKind,
      'incident-update',
      { reason: 'update', incident },
      incident.decoy?.userName,
    ),
  };
}
