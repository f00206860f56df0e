import * as z from 'zod';
import type { RenderedAlert } from '../alerts/render.ts';
import { asciiText, cleanText } from '../text.ts';
import { DAY_SECONDS } from './backoff.ts';
import type { OverdueMessage, RedriveSummary } from './redrive.ts';

/** The few fields of a dead-lettered EventBridge event that tell the SOC which call it was. */
const EventSummary = z.looseObject({
  detail: z
    .looseObject({
      eventID: z.string().optional(),
      eventName: z.string().optional(),
      eventSource: z.string().optional(),
      eventTime: z.string().optional(),
      sourceIPAddress: z.string().optional(),
      userIdentity: z
        .looseObject({ userName: z.string().optional(), accessKeyId: z.string().optional() })
        .optional(),
    })
    .optional(),
});

const queueName = (url: string) => url.split('/').pop() ?? url;
const days = (seconds: number) => Math.floor(seconds / DAY_SECONDS);

/** One line per fact about the oldest overdue event; every event field is attacker-controlled. */
const detailOf = (message: OverdueMessage) => {
  const parsed = EventSummary.safeParse(message.item?.event);
  return parsed.success ? parsed.data.detail : undefined;
};

function describe(message: OverdueMessage): string[] {
  const detail = detailOf(message);
  const field = (name: string, value: string | undefined) =>
    value ? [`${name.padEnd(13)}${cleanText(value, 200)}`] : [];
  return [
    ...field('Message', message.messageId),
    `${'Waiting'.padEnd(13)}${days(message.ageSeconds)} day(s) (${Math.round(message.ageSeconds / 3600)} h)`,
    ...field('Event ID', detail?.eventID),
    ...field(
      'Call',
      detail?.eventSource && detail.eventName ? `${detail.eventSource} ${detail.eventName}` : undefined,
    ),
    ...field('When', detail?.eventTime),
    ...field('User', detail?.userIdentity?.userName),
    ...field('Access key', detail?.userIdentity?.accessKeyId),
    ...field('Source', detail?.sourceIPAddress),
    ...field('Function', message.item?.functionArn),
    ...field('Why', message.item?.reason),
    ...field('Problem', message.problem),
  ];
}

/**
 * The SOC's notice that events wait in a dead-letter queue for a whole day or more: how many, and
 * which is the oldest. Undefined when no message just completed a day of waiting.
 */
export function overdueNotice(summary: RedriveSummary): RenderedAlert | undefined {
  const [oldest] = [...summary.overdue].sort((a, b) => b.ageSeconds - a.ageSeconds);
  if (!oldest) return undefined;
  const queue = queueName(summary.queueUrl);
  const count = summary.overdue.length;
  const subject = asciiText(
    `[honeytrail] CRITICAL dead letters: ${count} event(s) over ${days(oldest.ageSeconds)} day(s) in ${queue}`,
    100,
  );
  const email = [
    `HONEYTRAIL CRITICAL - dead letters waiting`,
    '',
    `${count} event(s) in ${queue} have now waited ${days(oldest.ageSeconds)} day(s) or more; ${summary.waiting} message(s) are in the queue in all.`,
    'The automatic redrive retries them, but they still fail. Each may be a decoy alert that has not been sent.',
    '',
    'Oldest event',
    ...describe(oldest).map((line) => `  ${line}`),
    '',
    'What to do now',
    "  1. Read the failing function's logs for the error above and fix the cause.",
    `  2. Replay by hand if needed: npm run replay-dlq -- --queue-url ${summary.queueUrl}`,
  ].join('\n');
  const json = JSON.stringify({
    kind: 'dead-letters-overdue',
    queueUrl: summary.queueUrl,
    overdue: count,
    waiting: summary.waiting,
    oldest: {
      messageId: oldest.messageId,
      ageSeconds: Math.round(oldest.ageSeconds),
      eventId: detailOf(oldest)?.eventID,
      eventName: detailOf(oldest)?.eventName,
      functionArn: oldest.item?.functionArn,
      reason: oldest.item?.reason ?? oldest.problem,
    },
  });
  return { subject, email, json, attributes: { severity: 'critical', kind: 'dead-letters' } };
}
