import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { renderAlert } from '../../src/lib/alerts/render.ts';
import { parseEnvelope } from '../../src/lib/cloudtrail/schema.ts';
import { parseRegistry } from '../../src/lib/decoys/registry-yaml.ts';
import { analyzeRecord, useRule } from '../../src/lib/detect/rules.ts';
import { cloudTrailEvent, type EventOptions } from '../support/events.ts';

const registry = parseRegistry(readFileSync('test/events/decoys.yml', 'utf8'));

function alertFor(options: EventOptions) {
  const record = parseEnvelope(cloudTrailEvent(options)).detail;
  const [detection] = analyzeRecord(record, { registry }, [useRule]).detections;
  if (!detection) throw new Error('expected a detection');
  return { detection, alert: renderAlert(detection, { stormWindowMinutes: 60 }) };
}

const hostile = `aws-cli/2.0\r\nSubject: fake\u202Egnp.exe <script>alert(1)</script>\u0000\u200B${'A'.repeat(100_000)}`;

describe('alert rendering', () => {
  it('gives the analyst what happened, which decoy, where it was planted, when, from where and what to do', () => {
    const { alert } = alertFor({
      sourceIPAddress: '203.0.113.9',
      errorCode: 'AccessDenied',
      eventName: 'ListBuckets',
      eventSource: 's3.amazonaws.com',
    });
    expect(alert.email).toContain('Decoy        prod-db-backup-user (account 123456789012)');
    expect(alert.email).toContain('Planted in   credentials.txt in the private repo acme/payments');
    expect(alert.email).toContain('When         2026-11-20T10:00:00Z');
    expect(alert.email).toContain('Result       DENIED (AccessDenied: User is not authorized)');
    expect(alert.email).toMatch(/Source {7}203\.0\.113\.9 \(reserved/);
    expect(alert.email).toMatch(/What to do now\n {2}1\. /);
    expect(alert.attributes).toEqual({
      severity: 'critical',
      kind: 'use',
      category: 'key-use',
      decoy: 'prod-db-backup-user',
    });
  });

  it('keeps a hostile userAgent from breaking the subject, the e-mail layout or the size limit', () => {
    const { alert, detection } = alertFor({ userAgent: hostile });
    expect(alert.subject.length).toBeLessThanOrEqual(100);
    expect(alert.subject).toMatch(/^[\x20-\x7e]+$/);
    const uaLine = alert.email.split('\n').find((line) => line.startsWith('User agent'));
    expect(uaLine).toBeDefined();
    expect(uaLine?.length).toBeLessThan(600);
    expect(alert.email).not.toMatch(/^Subject: fake/m);
    for (const bad of ['\u0000', '\u202E', '\u200B', '\r']) expect(alert.email).not.toContain(bad);
    expect(detection.actor.userAgent).not.toContain('\n');
    expect(Buffer.byteLength(JSON.stringify({ default: alert.json, email: alert.email }))).toBeLessThan(
      256 * 1024,
    );
  });

  it('makes an ASCII subject of at most 100 characters even from a long Unicode decoy name', () => {
    const { detection } = alertFor({});
    const long = { ...detection, decoy: { ...detection.decoy!, userName: 'Ünïcødé-'.repeat(20) } };
    const subject = renderAlert(long, { stormWindowMinutes: 60 }).subject;
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
  });

  it('mentions the storm window only for alerts that can be suppressed', () => {
    const { detection } = alertFor({});
    expect(renderAlert(detection, { stormWindowMinutes: 60 }).email).toContain(
      'within 60 min are recorded but not alerted',
    );
    const critical = { ...detection, suppressible: false };
    expect(renderAlert(critical, { stormWindowMinutes: 60 }).email).not.toContain('recorded but not alerted');
  });
});

describe('subjects for detections without a decoy', () => {
  it('names the resource, not its whole ARN, so the call still fits', () => {
    const record = parseEnvelope(cloudTrailEvent({})).detail;
    const [detection] = analyzeRecord(record, { registry }, [useRule]).detections;
    if (!detection) throw new Error('expected a detection');
    const { decoy: _none, ...rest } = detection;
    const topic = {
      ...rest,
      kind: 'detector-tamper' as const,
      category: 'topic-tampered',
      event: {
        ...detection.event,
        source: 'sns.amazonaws.com',
        name: 'DeleteTopic',
        target: 'arn:aws:sns:us-east-1:123456789012:honeytrail-alerts',
      },
    };
    expect(renderAlert(topic, { stormWindowMinutes: 60 }).subject).toBe(
      '[honeytrail] CRITICAL topic-tampered: honeytrail-alerts - sns:DeleteTopic',
    );
  });
});
