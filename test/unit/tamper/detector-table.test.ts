import { describe, expect, it } from '@jest/globals';
import { parseEnvelope } from '../../../src/lib/cloudtrail/schema.ts';
import { PATTERN_LIMIT } from '../../../src/lib/decoys/patterns.ts';
import { ALL_RULES } from '../../../src/lib/detect/all-rules.ts';
import { detectorTamperRule } from '../../../src/lib/detect/detector-tamper.ts';
import { analyzeRecord, type DetectorResources } from '../../../src/lib/detect/rules.ts';
import { docsOf } from '../../../src/lib/detect/tamper/detector-docs.ts';
import { GUARDED, guardedCalls } from '../../../src/lib/detect/tamper/detector-table.ts';
import { detectorPatterns } from '../../../src/lib/detect/tamper/patterns.ts';
import { matchesPattern } from '../../../src/local/event-pattern.ts';
import { guardedCallEvent } from '../../support/detector-fixtures.ts';
import { context, detector, run } from './fixtures.ts';

const calls = guardedCalls();

/** Names of the same shape that belong to someone else. */
const strangers: DetectorResources = {
  ruleNames: ['payments-cloudtrail-home'],
  functionNames: ['payments-prod-detect'],
  // Another region, so the default bus there is not the home bus.
  topicArn: 'arn:aws:sns:eu-west-1:123456789012:payments-alerts',
  tableName: 'payments-prod-orders',
  trailName: 'payments-audit',
  trailBucket: 'payments-prod-invoices',
  keyArns: ['arn:aws:kms:us-east-1:123456789012:key/99999999-12ab-34cd-56ef-1234567890ab'],
  roleNames: ['payments-prod-worker-us-east-1'],
  queueNames: ['payments-prod-dlq'],
  alarmNames: ['payments-prod-errors'],
  busStatementIds: ['payments-prod-account'],
};

describe('detector-tamper table', () => {
  it('lists each call once per event source, with a source URL from the Service Authorization Reference', () => {
    const seen = new Set<string>();
    for (const { entry, call } of calls) {
      const key = `${entry.eventSource} ${call}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      expect(call).not.toMatch(/^(Get|List|Describe)/);
    }
    for (const entry of GUARDED)
      expect(docsOf(entry.id).reference).toMatch(
        /^https:\/\/docs\.aws\.amazon\.com\/service-authorization\/latest\/reference\/list_[a-z0-9]+\.html$/,
      );
  });

  it.each(calls.map(({ entry, call }) => [`${entry.service}:${call}`, entry, call] as const))(
    'raises exactly one critical detector-tamper alert for %s on honeytrail’s resource',
    (_label, entry, call) => {
      const record = parseEnvelope(guardedCallEvent(entry, call, detector)).detail;
      const { detections } = analyzeRecord(record, context, ALL_RULES);
      expect(detections).toHaveLength(1);
      expect(detections[0]).toMatchObject({
        kind: 'detector-tamper',
        severity: 'critical',
        category: entry.calls[call]?.category ?? (call === 'PutRule' ? 'rule-modified' : entry.category),
        suppressible: false,
      });
    },
  );

  it.each(calls.map(({ entry, call }) => [`${entry.service}:${call}`, entry, call] as const))(
    'stays silent for %s on a look-alike resource that is not honeytrail’s',
    (_label, entry, call) => {
      const record = parseEnvelope(guardedCallEvent(entry, call, strangers)).detail;
      expect(run(detectorTamperRule, record)).toEqual([]);
    },
  );

  it('packs every call into patterns within the size quota, and each fixture matches one of them', () => {
    const patterns = detectorPatterns().map((named) => named.pattern);
    for (const pattern of patterns) expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(PATTERN_LIMIT);
    for (const [index, { entry, call }] of calls.entries()) {
      const event = guardedCallEvent(entry, call, detector, index) as unknown as Record<string, unknown>;
      expect(patterns.filter((pattern) => matchesPattern(pattern, event))).toHaveLength(1);
    }
  });

  it('splits into more patterns under a smaller quota and still covers every call', () => {
    const small = detectorPatterns(700).map((named) => named.pattern);
    expect(small.length).toBeGreaterThan(detectorPatterns().length);
    for (const { entry, call } of calls) {
      const event = guardedCallEvent(entry, call, detector) as unknown as Record<string, unknown>;
      expect(small.some((pattern) => matchesPattern(pattern, event))).toBe(true);
    }
  });
});
