import { createHash } from 'node:crypto';
import type { DecoyRef, Detection, DetectionKind } from '../detect/detection.ts';
import type { Verdict } from '../enrich/types.ts';

/**
 * The incident: one case per attack. A decoy's `use` and `tamper` detections join the decoy's open
 * incident until a quiet period passes; detector-tamper, audit and safety-net findings form incidents
 * keyed by the resource they concern. The aggregate is a flat bag of attributes (counters, sets, a few
 * scalars) so that the same operations update it in memory (analyze) and in DynamoDB (one UpdateItem).
 */
export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';

export const INCIDENT_DEFAULTS = {
  /** A decoy's incident closes after this long without activity (event time). */
  quietSeconds: 86_400,
  /** At most one update e-mail per incident per window. */
  digestSeconds: 3_600,
  /** Source IPs kept exactly; beyond this they are only counted (estimated). */
  exactIps: 100,
  /** Hash buckets for the distinct-IP estimate (linear counting). */
  ipBuckets: 1_024,
  /** How long one invocation may hold an alert before a retry may take over: under Lambda's 60 s retry gap. */
  leaseSeconds: 50,
  /** Distinct days remembered for the repeated-check signal. */
  days: 60,
  /**
   * How long a container may decide a held-back call from its own copy of the incident (the one its
   * last update returned) instead of reading it again. Mails are always decided on a fresh read.
   */
  rememberSeconds: 30,
} as const;

export interface Escalation {
  kind: EscalationKind;
  /** What is new, e.g. `session-use` or `Pacu`. */
  detail: string;
  time: string;
  detectionId: string;
}

export type EscalationKind = 'new-category' | 'first-success' | 'first-write' | 'new-tool' | 'new-network';

/** An incident aggregate as read back: what list, show, the e-mail and the behaviour signals use. */
export interface IncidentState {
  id: string;
  scope: string;
  /** Decoy user name or resource name, for display. */
  subject: string;
  openedKind: DetectionKind;
  decoy?: DecoyRef;
  openedBy: string;
  firstSeen: string;
  lastSeen: string;
  calls: number;
  denied: number;
  succeeded: number;
  /** Calls recorded but not mailed on their own. */
  held: number;
  writes: number;
  ips: string[];
  /** Distinct source values, exact up to `exactIps`, estimated beyond. */
  ipCount: number;
  asns: number[];
  countries: string[];
  tools: string[];
  distros: string[];
  networks: string[];
  categories: string[];
  days: string[];
  verdicts: Partial<Record<Verdict, number>>;
  callCounts: Record<string, number>;
  burstStart: number;
  burstCalls: number;
  burstNames: string[];
  peakPerMinute: number;
  peakSweep: number;
  claims: Record<string, string>;
  locks: Record<string, number>;
  escalations: Escalation[];
  mails: number;
  lastMailAt?: string;
  lastMailBy?: string;
  lastDigest?: DigestSnapshot;
  since: SinceMail;
  status: IncidentStatus;
  statusBy?: string;
  statusAt?: string;
  statusNote?: string;
}

/** Activity since the last mail: the content of an update e-mail. */
export interface SinceMail {
  calls: number;
  denied: number;
  ips: string[];
  asns: number[];
  countries: string[];
  verdicts: Partial<Record<Verdict, number>>;
}

export interface DigestSnapshot {
  from?: string;
  to: string;
  since: SinceMail;
  totalCalls: number;
  topCalls: { call: string; count: number }[];
  verdictDrift?: string;
}

/** The incident scope of one decoy: its `use` and `tamper` detections share it. */
export const decoyScope = (decoy: Pick<DecoyRef, 'accountId' | 'userName'>): string =>
  `decoy:${decoy.accountId}/${decoy.userName}`;

/** The scope an incident is keyed by: the decoy, or the resource a non-decoy finding concerns. */
export function scopeOf(detection: Detection): string {
  if (detection.decoy && (detection.kind === 'use' || detection.kind === 'tamper')) {
    return decoyScope(detection.decoy);
  }
  const resource = detection.event.target ?? detection.decoy?.userName ?? detection.event.name;
  return `${detection.kind}:${detection.event.accountId ?? detection.decoy?.accountId ?? '-'}/${resource}`;
}

/** Display name of a scope's subject. */
export function subjectOf(detection: Detection): string {
  if (detection.decoy) return detection.decoy.userName;
  const target = detection.event.target ?? detection.event.name;
  return target.split(/[:/]/).pop() || target;
}

// Crockford base32 without I, L, O, U: easy to read aloud.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Stable, short, speakable: `HT-7K3M-Q2XD`. Derived from the scope and the detection that opened it. */
export function incidentIdFor(scope: string, openingDetectionId: string): string {
  const digest = createHash('sha256').update(`${scope}\n${openingDetectionId}`).digest();
  let out = '';
  for (let i = 0; i < 8; i += 1) out += ALPHABET[(digest[i] ?? 0) % 32];
  return `HT-${out.slice(0, 4)}-${out.slice(4)}`;
}

export const INCIDENT_ID = /^HT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** Short hash used in attribute names (locks) and IP buckets. */
export function shortHash(value: string, bytes = 6): string {
  return createHash('sha256')
    .update(value)
    .digest('base64url')
    .slice(0, Math.ceil((bytes * 4) / 3));
}

export function bucketOf(value: string, buckets: number = INCIDENT_DEFAULTS.ipBuckets): number {
  return createHash('sha256').update(value).digest().readUInt32BE(0) % buckets;
}

/** Linear counting over hash buckets: a distinct-count estimate that stays small in one item. */
export function estimateDistinct(filled: number, buckets: number = INCIDENT_DEFAULTS.ipBuckets): number {
  if (filled >= buckets) return buckets * Math.log(buckets);
  return Math.round(-buckets * Math.log((buckets - filled) / buckets));
}

/** `sts:GetCallerIdentity`, with API-version suffixes such as `DeleteFunction20150331` removed. */
export function callName(detection: Pick<Detection, 'event'>): string {
  return `${detection.event.source.replace('.amazonaws.com', '')}:${stripApiVersion(detection.event.name)}`;
}

export function stripApiVersion(name: string): string {
  return name.replace(/(?<=[a-zA-Z])(20\d{6})(v\d+)?$/, '');
}
