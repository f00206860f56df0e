import type { DecoyRef, Detection, DetectionKind } from '../detect/detection.ts';
import type { Actor } from '../enrich/types.ts';
import { cleanText } from '../text.ts';

/** One thing the audit found wrong. Pure data; becomes a Detection once it has a stable time. */
export interface Finding {
  kind: Extract<DetectionKind, 'audit' | 'safety-net'>;
  /** Identifies the finding across runs, e.g. `123456789012/prod-db-backup-user:policy-attached:<arn>`. */
  key: string;
  category: string;
  title: string;
  summary: string;
  nextSteps: string[];
  decoy?: DecoyRef;
  /** The API that revealed it, e.g. iam.amazonaws.com ListAttachedUserPolicies. */
  source: string;
  call: string;
  target: string;
  accountId?: string;
  region?: string;
  /** A time that belongs to the finding itself (a key's last use). Fixes the id when present. */
  time?: string;
}

/** The audit is not a caller: this actor says so instead of pretending to know a source. */
export const AUDIT_ACTOR: Actor = {
  sourceIp: 'honeytrail audit',
  ipKind: 'missing',
  userAgent: '(none)',
  verdict: 'unknown',
  confidence: 0,
  reasons: ['found by the scheduled audit'],
  escalate: false,
};

/**
 * The stable detection id. A finding with its own time (last use) keys on it; any other keys on
 * when it was first seen open, so the same drift alerts once, and again only if it comes back
 * after being fixed.
 */
export function findingId(finding: Finding, openedAt: string): string {
  return finding.time
    ? `${finding.kind}:${finding.key}:${finding.time}`
    : `${finding.kind}:${finding.key}@${openedAt}`;
}

export function findingDetection(finding: Finding, openedAt: string, auditRegion: string): Detection {
  const id = findingId(finding, openedAt);
  return {
    id,
    kind: finding.kind,
    severity: 'critical',
    category: finding.category,
    title: cleanText(finding.title, 200),
    summary: cleanText(finding.summary, 1000),
    nextSteps: finding.nextSteps.map((step) => cleanText(step, 400)),
    ...(finding.decoy ? { decoy: finding.decoy } : {}),
    event: {
      id,
      name: finding.call,
      source: finding.source,
      time: finding.time ?? openedAt,
      region: finding.region ?? auditRegion,
      ...(finding.accountId ? { accountId: finding.accountId } : {}),
      readOnly: true,
      target: cleanText(finding.target, 256),
    },
    actor: AUDIT_ACTOR,
    suppressible: false,
  };
}
