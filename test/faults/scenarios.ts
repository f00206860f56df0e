import type { PublishFault } from './proxies.ts';

/** One fault scenario: what breaks, and when (seconds of simulated time after the first event). */
export interface Scenario {
  name: string;
  /** DynamoDB refuses connections in this window. */
  dynamoDown?: { from: number; to: number };
  /** Faults for the next Publish requests, in order. */
  publishFaults?: { fault: PublishFault; times: number }[];
  /** Duplicated e-mails the targets allow: one per lost reply or crash after Publish. */
  allowedDuplicates: number;
  /**
   * One attack instead of one incident per event: every call joins the incident the first one opens,
   * and DynamoDB throttles the incident item's updates in this window (a storm past its write limit).
   * Each call must end up counted in the incident once; `maxMails` bounds the e-mails.
   */
  storm?: { throttled: { from: number; to: number }; maxMails: number };
}

export const SCENARIOS: Scenario[] = [
  { name: 'DynamoDB down 60 s', dynamoDown: { from: 0, to: 60 }, allowedDuplicates: 0 },
  { name: 'DynamoDB down 10 min', dynamoDown: { from: 0, to: 600 }, allowedDuplicates: 0 },
  { name: '30 SNS 500s', publishFaults: [{ fault: 'error-500', times: 30 }], allowedDuplicates: 0 },
  { name: '3 lost SNS replies', publishFaults: [{ fault: 'lose-reply', times: 3 }], allowedDuplicates: 3 },
  {
    name: 'one crash after Publish',
    publishFaults: [{ fault: 'crash-after-publish', times: 1 }],
    allowedDuplicates: 1,
  },
  // One mail, the opening: the held calls whose updates fail are counted by their retries, unmailed.
  {
    name: 'storm, incident throttled 60 s',
    storm: { throttled: { from: 0, to: 60 }, maxMails: 1 },
    allowedDuplicates: 0,
  },
  {
    name: 'storm, incident throttled 10 min',
    storm: { throttled: { from: 0, to: 600 }, maxMails: 1 },
    allowedDuplicates: 0,
  },
];

/**
 * One row of the fault table. In a storm, `delivered` counts the calls the incident counted,
 * `lost` those it never counted, and `duplicated` those it counted twice; `mails` is every e-mail.
 */
export interface Outcome {
  scenario: string;
  events: number;
  delivered: number;
  lost: number;
  duplicated: number;
  mails: number;
  stored: number;
  /** Stored detections still `pending` at the end (never settled). */
  pending: number;
  leftInDlq: number;
  /** Invocations Lambda made, retries and redrives included. */
  invocations: number;
  /** Simulated seconds from an event's arrival to its first successful invocation, for the slowest event. */
  slowestSeconds: number;
  /** Simulated minutes until the last event was settled or given up. */
  simulatedMinutes: number;
}

/** The targets: nothing lost, nothing left in a DLQ, duplicates only where a reply was lost. */
export function missedTargets(outcome: Outcome, scenario: Scenario): string[] {
  const missed: string[] = [];
  if (outcome.lost > 0)
    missed.push(
      `${outcome.lost} ${scenario.storm ? 'call(s) never counted in the incident' : 'alert(s) lost'}`,
    );
  if (outcome.leftInDlq > 0) missed.push(`${outcome.leftInDlq} event(s) left in a DLQ`);
  if (outcome.duplicated > scenario.allowedDuplicates)
    missed.push(`${outcome.duplicated} duplicate e-mail(s), at most ${scenario.allowedDuplicates} allowed`);
  if (outcome.stored < outcome.events) missed.push(`${outcome.events - outcome.stored} record(s) not stored`);
  if (scenario.storm && outcome.mails > scenario.storm.maxMails)
    missed.push(`${outcome.mails} e-mails, at most ${scenario.storm.maxMails} allowed`);
  return missed;
}
