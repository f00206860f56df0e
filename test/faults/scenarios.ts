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
];

/** One row of the fault table. */
export interface Outcome {
  scenario: string;
  events: number;
  delivered: number;
  lost: number;
  duplicated: number;
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
  if (outcome.lost > 0) missed.push(`${outcome.lost} alert(s) lost`);
  if (outcome.leftInDlq > 0) missed.push(`${outcome.leftInDlq} event(s) left in a DLQ`);
  if (outcome.duplicated > scenario.allowedDuplicates)
    missed.push(`${outcome.duplicated} duplicate e-mail(s), at most ${scenario.allowedDuplicates} allowed`);
  if (outcome.stored < outcome.events) missed.push(`${outcome.events - outcome.stored} record(s) not stored`);
  return missed;
}
