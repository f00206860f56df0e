import type { Detection } from '../detect/detection.ts';
import { span } from '../enrich/behaviour.ts';
import type { DigestSnapshot, Escalation, IncidentState } from '../incidents/model.ts';
import { callName } from '../incidents/model.ts';
import { leadingVerdict, topCalls } from '../incidents/view.ts';
import { consoleLinks } from './links.ts';

/** "3 min ago": the same wording as the behaviour reasons. */
const ago = (fromMs: number, nowMs: number): string => `${span(Math.max(0, nowMs - fromMs))} ago`;

export type NoticeReason = 'opened' | 'escalation' | 'always' | 'update' | 'fail-open';

/** Why this mail is sent, and the incident context it carries. */
export interface AlertNotice {
  reason: NoticeReason;
  incident?: IncidentState;
  escalations: Escalation[];
  digest?: DigestSnapshot;
  /** Set when this may repeat an alert already sent for the same detection. */
  duplicateOf?: string;
  /** Wall clock, for "how long ago". */
  now: number;
}

const RULE = '-'.repeat(72);

export function label(name: string, value: string | undefined): string | undefined {
  return value ? `${name.padEnd(13)}${value}` : undefined;
}

/** What the source is: address kind, AS, country, network; shared by the e-mail and the chat text. */
export function sourceParts(detection: Detection): string[] {
  const { actor } = detection;
  const parts: string[] = [actor.ipKind];
  if (actor.asn) parts.push(`AS${actor.asn}${actor.asOrg ? ` ${actor.asOrg}` : ''}`);
  if (actor.country) parts.push(actor.country);
  if (actor.provider) parts.push(`${actor.network ?? 'network'}: ${actor.provider}`);
  else if (actor.network && actor.network !== 'unknown') parts.push(actor.network);
  return parts;
}

function describeSource(detection: Detection): string {
  return `${detection.actor.sourceIp} (${sourceParts(detection).join(', ')})`;
}

export function outcome(detection: Detection): string {
  const { errorCode, errorMessage, failed } = detection.event;
  if (failed) return 'FAILED (console sign-in answered Failure)';
  if (!errorCode) return 'SUCCEEDED';
  return `DENIED (${errorCode}${errorMessage ? `: ${errorMessage}` : ''})`;
}

/** The raw userAgent in full only when nothing recognised it; the JSON always has it whole. */
function userAgentLine(detection: Detection): string {
  const { userAgent, tool, uaFamily } = detection.actor;
  if (!(tool || uaFamily) || userAgent.length <= 80) return userAgent;
  return `${userAgent.slice(0, 77)}... (shortened; full string in the JSON)`;
}

function planted(detection: Detection, now: number): string | undefined {
  const at = detection.decoy?.plantedAt;
  if (!at) return undefined;
  const ms = Date.parse(at);
  return Number.isFinite(ms)
    ? `${at.slice(0, 10)} (${span(Math.max(0, now - ms))} before this alert)`
    : undefined;
}

export function incidentLine(incident: IncidentState): string {
  const ips = incident.ipCount === 1 ? '1 source' : `${incident.ipCount} sources`;
  return `${incident.id} (${incident.status}) - ${incident.calls} call(s): ${incident.denied} denied, ${incident.succeeded} succeeded; ${ips}; ${incident.held} held back from mail`;
}

function banner(detection: Detection, notice: AlertNotice): string[] {
  const id = notice.incident?.id ?? '';
  const lines: string[] = [];
  if (notice.reason === 'opened') lines.push(`NEW INCIDENT ${id}`);
  else if (notice.reason === 'escalation')
    lines.push(
      `ESCALATION in incident ${id}: ${notice.escalations.map((e) => `${e.kind} (${e.detail})`).join(', ')}`,
    );
  else if (notice.reason === 'update') lines.push(`UPDATE on incident ${id}`);
  else if (notice.reason === 'fail-open')
    lines.push(
      'STORED LATER; MAY REPEAT: the detection store was unreachable. This alert went out without its',
      'record and without incident context; the record is written when the store answers again.',
    );
  else if (id) lines.push(`Incident ${id}`);
  if (notice.duplicateOf)
    lines.push(`POSSIBLE REPEAT of detection ${notice.duplicateOf}: an earlier attempt may have mailed it.`);
  return [
    `HONEYTRAIL ${detection.severity.toUpperCase()} - ${detection.kind} / ${detection.category}`,
    ...lines,
  ];
}

export function digestLines(digest: DigestSnapshot): string[] {
  const { since } = digest;
  const lines = [
    `Since ${digest.from ?? 'the incident opened'}: ${since.calls} call(s), ${since.denied} denied; ${digest.totalCalls} in all.`,
    label(
      'New sources',
      since.ips.length
        ? since.ips.slice(0, 10).join(', ') +
            (since.ips.length > 10 ? ` and ${since.ips.length - 10} more` : '')
        : 'none',
    ),
    label(
      'New ASNs',
      since.asns.length
        ? since.asns
            .slice(0, 10)
            .map((a) => `AS${a}`)
            .join(', ')
        : 'none',
    ),
    label('New country', since.countries.length ? since.countries.join(', ') : 'none'),
    label('Top calls', digest.topCalls.map((c) => `${c.call} x${c.count}`).join(', ')),
    label(
      'Verdicts',
      Object.entries(since.verdicts)
        .map(([v, n]) => `${v} ${n}`)
        .join(', ') || 'none',
    ),
  ];
  if (digest.verdictDrift) lines.push(label('Verdict drift', digest.verdictDrift));
  return lines.filter((line): line is string => line !== undefined);
}

/** Plain-text e-mail an analyst can act on in seconds. Every field is pre-sanitised. */
export function renderEmail(detection: Detection, notice: AlertNotice): string {
  const { event, actor, decoy } = detection;
  const { incident } = notice;
  const links = consoleLinks(detection);
  const verdict = `${actor.verdict.toUpperCase()} (confidence ${actor.confidence.toFixed(2)})`;
  const eventMs = Date.parse(event.time);
  const lines: (string | undefined)[] = [
    ...banner(detection, notice),
    '',
    detection.title,
    detection.summary,
    '',
    ...(notice.digest ? [...digestLines(notice.digest), ''] : []),
    label('Incident', incident ? incidentLine(incident) : undefined),
    label('Decoy', decoy ? `${decoy.userName} (account ${decoy.accountId})` : undefined),
    label('Planted in', decoy?.placement),
    label('Planted on', planted(detection, notice.now)),
    label(
      'When',
      `${event.time} (CloudTrail event time, ${Number.isFinite(eventMs) ? ago(eventMs, notice.now) : 'unknown'})`,
    ),
    label('Call', `${callName(detection)} in ${event.region}`),
    label('Result', outcome(detection)),
    label('Target', event.target),
    label('Caller', event.identityArn),
    label('Access key', event.accessKeyId),
    label('Source', describeSource(detection)),
    label('User agent', userAgentLine(detection)),
    label(
      'Tool',
      [actor.tool ?? actor.uaFamily, actor.pentestDistro].filter(Boolean).join(' on ') || undefined,
    ),
    label('Verdict', verdict),
    ...actor.reasons.map((reason) => `  - ${reason}`),
    '',
    'What to do now',
    ...detection.nextSteps.map((step, index) => `  ${index + 1}. ${step}`),
    '',
    label('CloudTrail', links.cloudTrail),
    label('IAM user', links.iamUser),
    label('Event ID', event.id),
    label('Detection', detection.id),
  ];
  if (detection.suppressible && incident) {
    lines.push(
      '',
      RULE,
      `Later calls in incident ${incident.id} are recorded and counted, not mailed one by one. Escalations`,
      '(a new category, first success, first write call, new tool or network) are mailed at once, and an',
      'update summarises the rest at most once per digest window.',
      `Work the case: honeytrail incidents show ${incident.id}`,
    );
  }
  return lines.filter((line): line is string => line !== undefined).join('\n');
}

/** The update e-mail the scheduled flush sends for an incident that went quiet. */
export function renderDigestEmail(incident: IncidentState, digest: DigestSnapshot, now: number): string {
  const verdict = leadingVerdict(incident.verdicts);
  return [
    `HONEYTRAIL UPDATE on incident ${incident.id} (${incident.status})`,
    '',
    `${incident.subject}: ${digest.since.calls} call(s) not yet mailed; the incident went quiet.`,
    '',
    ...digestLines(digest),
    '',
    label('Incident', incidentLine(incident)),
    label(
      'Decoy',
      incident.decoy ? `${incident.decoy.userName} (account ${incident.decoy.accountId})` : undefined,
    ),
    label('First seen', incident.firstSeen),
    label('Last seen', `${incident.lastSeen} (${ago(Date.parse(incident.lastSeen), now)})`),
    label(
      'Top calls',
      topCalls(incident)
        .map((c) => `${c.call} x${c.count}`)
        .join(', '),
    ),
    label('Tools', incident.tools.join(', ') || undefined),
    label('Verdict', verdict),
    '',
    `Work the case: honeytrail incidents show ${incident.id}`,
  ]
    .filter((line): line is string => line !== undefined)
    .join('\n');
}
