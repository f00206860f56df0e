import * as z from 'zod/mini';
import type { Detection } from '../detect/detection.ts';
import { EventValidationError } from '../errors.ts';
import { describeIssues } from '../zod-issues.ts';
import type { ChannelName, ChannelNotice, IncidentSummary } from './index.ts';

/**
 * The channels function subscribes to the alert topic: every alert the detectors mail reaches it as
 * the same JSON the other protocols get (the Detection plus its `notice`), and becomes one channel
 * notice in the incident's thread. Only the fields the channels read are checked; the rest passes.
 */
const Incident = z.looseObject({
  id: z.string(),
  status: z.enum(['open', 'acknowledged', 'resolved']),
});

const Notice = z.looseObject({
  reason: z.enum(['opened', 'escalation', 'always', 'update', 'fail-open']),
  incident: z.optional(Incident),
  escalations: z.optional(z.array(z.looseObject({ kind: z.string(), detail: z.string() }))),
});

const Alert = z.looseObject({
  kind: z.string(),
  id: z.optional(z.string()),
  severity: z.optional(z.enum(['medium', 'high', 'critical'])),
  event: z.optional(
    z.looseObject({ id: z.string(), time: z.string(), name: z.string(), source: z.string() }),
  ),
  actor: z.optional(z.looseObject({ sourceIp: z.string(), verdict: z.string() })),
  notice: z.optional(Notice),
});

export const SnsLambdaEvent = z.looseObject({
  Records: z.array(
    z.looseObject({
      Sns: z.looseObject({ MessageId: z.string(), Message: z.string(), Timestamp: z.string() }),
    }),
  ),
});
export type SnsLambdaEvent = z.infer<typeof SnsLambdaEvent>;

export interface ParsedAlert {
  messageId: string;
  notice: ChannelNotice;
}

function parse<T extends z.ZodMiniType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = z.safeParse(schema, value);
  if (!result.success) throw new EventValidationError(`${what}: ${describeIssues(result.error, '', 5)}`);
  return result.data;
}

/** One SNS record of the alert topic as a channel notice; anything that is not an alert is an error. */
export function alertNotice(record: SnsLambdaEvent['Records'][number]): ParsedAlert {
  let json: unknown;
  try {
    json = JSON.parse(record.Sns.Message);
  } catch (cause) {
    throw new EventValidationError(`SNS message ${record.Sns.MessageId} is not JSON`, { cause });
  }
  const alert = parse(Alert, json, `SNS message ${record.Sns.MessageId}`);
  const { notice: raw, ...rest } = alert;
  const incident = raw?.incident as IncidentSummary | undefined;
  const isDetection = Boolean(rest.event && rest.actor && rest.id);
  const reason = raw?.reason ?? 'always';
  const kind: ChannelNotice['notice'] =
    reason === 'opened' || reason === 'escalation' || reason === 'update' ? reason : 'detection';
  const notice: ChannelNotice = { notice: kind };
  // Checked above for the fields the channels read; the rest is the Detection JSON the detectors wrote.
  if (isDetection) notice.detection = rest as unknown as Detection;
  if (incident) notice.incident = incident;
  const escalations = raw?.escalations ?? [];
  if (escalations.length)
    notice.reason = escalations.map((e) => `${e.kind.replace('-', ' ')} ${e.detail}`).join(', ');
  if (!isDetection) notice.at = record.Sns.Timestamp;
  if (!isDetection && kind !== 'update')
    throw new EventValidationError(`SNS message ${record.Sns.MessageId} carries no detection`);
  return { messageId: record.Sns.MessageId, notice };
}

/** Channels a failed attempt left out, by SNS message ID, so Lambda's retry repeats only those. */
export type PendingChannels = Map<string, readonly ChannelName[]>;
