import type { Detection } from '../detect/detection.ts';
import { asciiText } from '../text.ts';

/** Everything SNS needs for one alert; built purely from a Detection. */
export interface RenderedAlert {
  subject: string;
  email: string;
  json: string;
  attributes: Record<string, string>;
}

export interface RenderOptions {
  /** Minutes of the alert-storm window, mentioned in suppressible alerts. */
  stormWindowMinutes: number;
}

const SNS_MESSAGE_LIMIT = 256 * 1024;

function label(name: string, value: string | undefined): string | undefined {
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

/** `SUCCEEDED` or `DENIED (<errorCode>: <message>)`. */
export function outcome(detection: Detection): string {
  const { errorCode, errorMessage } = detection.event;
  if (!errorCode) return 'SUCCEEDED';
  return `DENIED (${errorCode}${errorMessage ? `: ${errorMessage}` : ''})`;
}

/** Plain-text e-mail an analyst can act on in seconds. Every field is pre-sanitised. */
export function renderEmail(detection: Detection, options: RenderOptions): string {
  const { event, actor, decoy } = detection;
  const verdict = `${actor.verdict.toUpperCase()} (confidence ${actor.confidence.toFixed(2)})`;
  const lines = [
    `HONEYTRAIL ${detection.severity.toUpperCase()} - ${detection.kind} / ${detection.category}`,
    '',
    detection.title,
    detection.summary,
    '',
    label('Decoy', decoy ? `${decoy.userName} (account ${decoy.accountId})` : undefined),
    label('Planted in', decoy?.placement),
    label('When', `${event.time} (CloudTrail event time)`),
    label('Call', `${event.source.replace('.amazonaws.com', '')}:${event.name} in ${event.region}`),
    label('Result', outcome(detection)),
    label('Target', event.target),
    label('Caller', event.identityArn),
    label('Access key', event.accessKeyId),
    label('Source', describeSource(detection)),
    label('User agent', actor.userAgent),
    label('Tool', actor.tool ?? actor.uaFamily),
    label('Verdict', verdict),
    ...actor.reasons.map((reason) => `  - ${reason}`),
    '',
    'What to do now',
    ...detection.nextSteps.map((step, index) => `  ${index + 1}. ${step}`),
    '',
    label('Event ID', event.id),
    label('Detection', detection.id),
  ];
  if (detection.suppressible && options.stormWindowMinutes > 0) {
    lines.push(
      '',
      `Further calls by this decoy from ${actor.sourceIp} within ${options.stormWindowMinutes} min are recorded but not alerted.`,
      'A new source IP alerts again at once.',
    );
  }
  return lines.filter((line): line is string => line !== undefined).join('\n');
}

/** SNS Subject: ASCII, at most 100 characters, one line. Otherwise Publish fails and the alert is lost. */
export function renderSubject(detection: Detection): string {
  // ARNs are long; the subject keeps the resource name and the body has the full target.
  const target = detection.event.target?.split(/[:/]/).pop();
  const who = detection.decoy ? detection.decoy.userName : target || 'honeytrail';
  const call = `${detection.event.source.replace('.amazonaws.com', '')}:${detection.event.name}`;
  return asciiText(
    `[honeytrail] ${detection.severity.toUpperCase()} ${detection.category}: ${who} - ${call}`,
    100,
  );
}

export function renderAlert(detection: Detection, options: RenderOptions): RenderedAlert {
  let email = renderEmail(detection, options);
  const json = JSON.stringify(detection);
  // Sanitised fields are capped, so this only trims in theory; it keeps Publish from ever failing on size.
  const room = SNS_MESSAGE_LIMIT - 4 * json.length - 2048;
  if (email.length > room) email = `${email.slice(0, Math.max(room, 1024))}\n[truncated]`;
  return {
    subject: renderSubject(detection),
    email,
    json,
    attributes: {
      severity: detection.severity,
      kind: detection.kind,
      category: asciiText(detection.category, 64),
      ...(detection.decoy ? { decoy: asciiText(detection.decoy.userName, 64) } : {}),
    },
  };
}
