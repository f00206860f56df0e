import type { Actor } from '../enrich/types.ts';

export type DetectionKind = 'use' | 'tamper' | 'detector-tamper' | 'audit' | 'safety-net';
export type Severity = 'medium' | 'high' | 'critical';

/** The facts of the CloudTrail call behind a detection, already sanitised for display. */
export interface EventFacts {
  id: string;
  name: string;
  source: string;
  time: string;
  region: string;
  accountId?: string;
  identityType?: string;
  identityArn?: string;
  accessKeyId?: string;
  errorCode?: string;
  errorMessage?: string;
  /** A call that failed without an errorCode, such as a console sign-in answered `Failure`. */
  failed?: boolean;
  readOnly?: boolean;
  /** The target of a tamper call (user, group, policy, trail, rule, ...). */
  target?: string;
}

export interface DecoyRef {
  userName: string;
  accountId: string;
  placement: string;
  plantedAt?: string;
}

export const decoyRef = ({ userName, accountId, placement, plantedAt }: DecoyRef): DecoyRef => ({
  userName,
  accountId,
  placement,
  ...(plantedAt ? { plantedAt } : {}),
});

/** Output of a detection rule: pure data, no AWS. */
export interface Detection {
  /** Unique per (event, kind, subject): the exactly-once key. */
  id: string;
  kind: DetectionKind;
  severity: Severity;
  category: string;
  title: string;
  /** One or two sentences: what happened and what it means. */
  summary: string;
  nextSteps: string[];
  decoy?: DecoyRef;
  event: EventFacts;
  actor: Actor;
  /** Whether the alert-storm window may suppress this detection's alert. */
  suppressible: boolean;
}
