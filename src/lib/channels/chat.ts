import { outcome, sourceParts } from '../alerts/render.ts';
import type { Detection, Severity } from '../detect/detection.ts';
import { asciiText } from '../text.ts';
import { chatText, code, fitMarkdown } from './chat-text.ts';
import {
  type ChannelNotice,
  checkNotice,
  type IncidentSummary,
  severityOf,
  threadIdOf,
  timeOf,
} from './notice.ts';

/**
 * A custom notification of AWS's chat integration (AWS Chatbot, now Amazon Q Developer in chat
 * applications), as published on the chat topic. Shape: schemas/chatbot-custom-notification.json.
 */
export interface ChatNotification {
  version: '1.0';
  source: 'custom';
  id: string;
  content: {
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps: string[];
    keywords: string[];
  };
  metadata: {
    threadId: string;
    summary: string;
    eventType: string;
    relatedResources: string[];
    additionalContext: Record<string, string>;
    enableCustomActions: boolean;
  };
}

/**
 * honeytrail's own caps, kept under what Slack and Teams render in one message (a Slack section
 * holds 3,000 characters). AWS's page does not state per-field limits; see the schema's $comment.
 */
export const CHAT_LIMITS = {
  title: 250,
  description: 3000,
  summary: 200,
  nextSteps: 5,
  nextStep: 300,
  keywords: 5,
  keyword: 50,
  id: 256,
  threadId: 256,
  /** Values custom actions may read as variables: printable ASCII without spaces, at most 1,024. */
  contextValue: 1024,
} as const;

const EMOJI: Record<Severity, string> = {
  critical: ':rotating_light:',
  high: ':warning:',
  medium: ':large_yellow_circle:',
};

/** A value custom-action variables accept (`[\x21-\x7F]+`). */
const token = (value: string): string =>
  asciiText(value, CHAT_LIMITS.contextValue).replace(/\s+/g, '-') || '-';

/** Cuts text built from already inert parts (emoji codes keep their underscores). */
const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const call = (detection: Detection) =>
  `${detection.event.source.replace('.amazonaws.com', '')}:${detection.event.name}`;

function who(detection: Detection): string {
  return detection.decoy?.userName ?? detection.event.target?.split(/[:/]/).pop() ?? 'honeytrail';
}

function headline(notice: ChannelNotice): string {
  const { detection, incident } = notice;
  const incidentId = incident ? chatText(incident.id, 40) : '';
  if (notice.notice === 'update' || !detection) {
    const status = incident?.status ?? 'open';
    const subject = incident?.subject ? ` on ${chatText(incident.subject, 64)}` : '';
    return status === 'open'
      ? `:memo: Update: incident ${incidentId}${subject}, activity continues`
      : `:white_check_mark: Incident ${incidentId}${subject} ${status}`;
  }
  const base = `${detection.severity.toUpperCase()} ${chatText(detection.category, 40)}: ${chatText(who(detection), 64)} - ${chatText(call(detection), 80)}`;
  if (notice.notice === 'escalation')
    return `:arrow_double_up: Escalation in ${incidentId}: ${chatText(notice.reason ?? detection.category, 80)} (${base})`;
  if (notice.notice === 'opened') return `${EMOJI[detection.severity]} New incident ${incidentId}: ${base}`;
  return `${EMOJI[detection.severity]} ${base}`;
}

function source(detection: Detection): string {
  return `${code(detection.actor.sourceIp, 64)} (${chatText(sourceParts(detection).join(', '), 160)})`;
}

const field = (name: string, value: string | undefined) => (value ? `*${name}:* ${value}` : undefined);

function detectionLines(detection: Detection): (string | undefined)[] {
  const { event, actor, decoy } = detection;
  return [
    `*${chatText(detection.title, 200)}*`,
    chatText(detection.summary, 600),
    '',
    field('Decoy', decoy && `${code(decoy.userName, 64)} (account ${code(decoy.accountId, 12)})`),
    field('Planted in', decoy && code(decoy.placement, 200)),
    field('When', code(event.time, 40)),
    field('Call', `${code(call(detection), 120)} in ${code(event.region, 32)}`),
    field('Result', code(outcome(detection), 300)),
    field('Target', event.target && code(event.target, 200)),
    field('Access key', event.accessKeyId && code(event.accessKeyId, 32)),
    field('Source', source(detection)),
    field('User agent', code(actor.userAgent, 300)),
    field('Tool', (actor.tool ?? actor.uaFamily) && code(actor.tool ?? actor.uaFamily ?? '', 64)),
    field('Verdict', `${actor.verdict.toUpperCase()} (confidence ${actor.confidence.toFixed(2)})`),
    ...actor.reasons.slice(0, 6).map((reason) => `• ${chatText(reason, 200)}`),
  ];
}

function incidentLines(incident: IncidentSummary): (string | undefined)[] {
  const counts = [
    incident.calls !== undefined ? `${incident.calls} calls` : undefined,
    incident.denied !== undefined ? `${incident.denied} denied` : undefined,
    incident.ipCount !== undefined ? `${incident.ipCount} source(s)` : undefined,
  ].filter(Boolean);
  const span = incident.firstSeen
    ? `${code(incident.firstSeen, 40)} to ${code(incident.lastSeen ?? '', 40)}`
    : '';
  return [
    field('Incident', `${code(incident.id, 40)} ${chatText(incident.status, 16).toUpperCase()}`),
    field('Activity', [counts.join(', '), span].filter(Boolean).join(', ')),
    field(
      'Status change',
      incident.statusBy &&
        `by ${code(incident.statusBy, 64)}${incident.statusNote ? `: ${chatText(incident.statusNote, 300)}` : ''}`,
    ),
  ];
}

function keywords(notice: ChannelNotice): string[] {
  const { detection, incident } = notice;
  const words = [
    detection?.severity,
    detection?.kind,
    detection?.category,
    detection?.actor.verdict,
    notice.notice === 'detection' ? undefined : (incident?.status ?? notice.notice),
  ];
  return [
    ...new Set(words.filter((w): w is string => Boolean(w)).map((w) => chatText(w, CHAT_LIMITS.keyword))),
  ]
    .filter(Boolean)
    .slice(0, CHAT_LIMITS.keywords);
}

function relatedResources(detection: Detection | undefined): string[] {
  if (!detection) return [];
  const resources: string[] = [];
  if (detection.decoy)
    resources.push(`arn:aws:iam::${detection.decoy.accountId}:user/${detection.decoy.userName}`);
  if (detection.event.accessKeyId) resources.push(detection.event.accessKeyId);
  return resources.map((resource) => token(resource));
}

function additionalContext(notice: ChannelNotice, threadId: string): Record<string, string> {
  const { detection, incident } = notice;
  const context: Record<string, string> = { notice: notice.notice, threadId: token(threadId) };
  if (incident) Object.assign(context, { incidentId: token(incident.id), incidentStatus: incident.status });
  if (detection)
    Object.assign(context, {
      severity: detection.severity,
      kind: detection.kind,
      category: token(detection.category),
      detectionId: token(detection.id),
      eventId: token(detection.event.id),
      ...(detection.decoy ? { decoy: token(detection.decoy.userName) } : {}),
    });
  return context;
}

/** The chat payload for one notice: pure, every attacker-controlled string made inert and capped. */
export function toChatNotification(notice: ChannelNotice): ChatNotification {
  checkNotice(notice);
  const { detection, incident } = notice;
  const threadId = asciiText(threadIdOf(notice), CHAT_LIMITS.threadId);
  const lines = [
    ...(notice.notice === 'escalation' && notice.reason
      ? [`*What is new:* ${chatText(notice.reason, 200)}`, '']
      : []),
    ...(detection ? detectionLines(detection) : []),
    ...(incident ? ['', ...incidentLines(incident)] : []),
    '',
    field('Detection', detection && code(detection.id, 200)),
  ].filter((line): line is string => line !== undefined);
  const severity = severityOf(notice);
  return {
    version: '1.0',
    source: 'custom',
    id: asciiText(
      detection ? `${notice.notice}/${detection.id}` : `${notice.notice}/${threadId}/${timeOf(notice)}`,
      CHAT_LIMITS.id,
    ),
    content: {
      textType: 'client-markdown',
      title: cut(headline(notice), CHAT_LIMITS.title),
      description: fitMarkdown(
        lines
          .join('\n')
          .replace(/\n{3,}/g, '\n\n')
          .trim(),
        CHAT_LIMITS.description,
      ),
      nextSteps: (detection?.nextSteps ?? [])
        .slice(0, CHAT_LIMITS.nextSteps)
        .map((step) => chatText(step, CHAT_LIMITS.nextStep)),
      keywords: keywords(notice),
    },
    metadata: {
      threadId,
      summary: chatText(
        incident
          ? `${severity.toUpperCase()} incident ${incident.id} on ${incident.subject ?? (detection ? who(detection) : '-')}: ${incident.status}`
          : `${severity.toUpperCase()} ${detection?.category ?? ''} on ${detection ? who(detection) : '-'}`,
        CHAT_LIMITS.summary,
      ),
      eventType: `honeytrail-${notice.notice}`,
      relatedResources: relatedResources(detection),
      additionalContext: additionalContext(notice, threadId),
      enableCustomActions: true,
    },
  };
}
