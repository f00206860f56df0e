import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { type AlertNotice, renderAlert, renderDigest } from '../../src/lib/alerts/render.ts';
import { parseEnvelope } from '../../src/lib/cloudtrail/schema.ts';
import { parseRegistry } from '../../src/lib/decoys/registry-yaml.ts';
import type { Detection } from '../../src/lib/detect/detection.ts';
import { analyzeRecord, useRule } from '../../src/lib/detect/rules.ts';
import { applyOps } from '../../src/lib/incidents/ops.ts';
import { planDetection } from '../../src/lib/incidents/plan.ts';
import { incidentFromBag } from '../../src/lib/incidents/view.ts';
import { cloudTrailEvent, type EventOptions } from '../support/events.ts';

const registry = parseRegistry(readFileSync('test/events/decoys.yml', 'utf8'));
const NOW = Date.parse('2026-11-20T10:03:00Z');

function detectionFor(options: EventOptions): Detection {
  const record = parseEnvelope(cloudTrailEvent(options)).detail;
  const [detection] = analyzeRecord(record, { registry }, [useRule]).detections;
  if (!detection) throw new Error('expected a detection');
  return detection;
}

/** The notice the delivery path gives the detection that opens an incident. */
function openingNotice(detection: Detection): AlertNotice {
  const plan = planDetection(undefined, detection, { quietSeconds: 86_400, digestSeconds: 3600, now: NOW });
  return { reason: 'opened', incident: incidentFromBag(applyOps({}, plan.ops)), escalations: [], now: NOW };
}

function alertFor(options: EventOptions) {
  const detection = detectionFor(options);
  return { detection, alert: renderAlert(detection, openingNotice(detection)) };
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
    expect(alert.email).toContain('When         2026-11-20T10:00:00Z (CloudTrail event time, 3 min ago)');
    expect(alert.email).toContain('Result       DENIED (AccessDenied: User is not authorized)');
    expect(alert.email).toMatch(/Source {7}203\.0\.113\.9 \(reserved/);
    expect(alert.email).toMatch(/What to do now\n {2}1\. /);
    expect(alert.attributes).toMatchObject({
      severity: 'critical',
      kind: 'use',
      category: 'key-use',
      decoy: 'prod-db-backup-user',
      notice: 'opened',
    });
    expect(alert.attributes.incident).toMatch(/^HT-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  });

  it('names the incident with its counts, and links the event in CloudTrail and the decoy in IAM', () => {
    const { alert } = alertFor({ eventName: 'ListBuckets', eventSource: 's3.amazonaws.com' });
    expect(alert.email).toMatch(/^NEW INCIDENT HT-/m);
    expect(alert.email).toMatch(/Incident {5}HT-\S+ \(open\) - 1 call\(s\): /);
    expect(alert.email).toContain(
      'CloudTrail   https://eu-west-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1#/events/',
    );
    expect(alert.email).toContain(
      'IAM user     https://us-east-1.console.aws.amazon.com/iam/home#/users/details/prod-db-backup-user',
    );
    expect(alert.subject).toMatch(/ \[HT-[0-9A-Z]{4}-[0-9A-Z]{4}\]$/);
  });

  it('shows how long the decoy has been planted when the registry says when', () => {
    const detection = detectionFor({});
    const dated = { ...detection, decoy: { ...detection.decoy!, plantedAt: '2026-11-01' } };
    expect(renderAlert(dated, openingNotice(dated)).email).toContain(
      'Planted on   2026-11-01 (19 days before this alert)',
    );
    expect(renderAlert(detection, openingNotice(detection)).email).not.toContain('Planted on');
  });

  it('drops API-version suffixes from call names', () => {
    const { alert } = alertFor({ eventName: 'DeleteFunction20150331', eventSource: 'lambda.amazonaws.com' });
    expect(alert.email).toContain('Call         lambda:DeleteFunction in eu-west-1');
    expect(alert.subject).toContain('lambda:DeleteFunction [');
  });

  it('shows a console sign-in answered Failure as failed, not succeeded', () => {
    const detection = detectionFor({ eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com' });
    const failed = { ...detection, event: { ...detection.event, failed: true } };
    expect(renderAlert(failed, openingNotice(failed)).email).toContain('Result       FAILED');
  });

  it('shortens the raw userAgent in the e-mail when the tool is named, and keeps it whole in the JSON', () => {
    const long = `aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2024 prompt/off command/s3.ls ${'md/x#'.repeat(30)}`;
    const { alert } = alertFor({ userAgent: long });
    const uaLine = alert.email.split('\n').find((line) => line.startsWith('User agent')) ?? '';
    expect(uaLine).toContain('(shortened; full string in the JSON)');
    expect(JSON.parse(alert.json).actor.userAgent).toBe(long.trim());
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

  it('makes an ASCII subject of at most 100 characters that keeps the incident ID, even from a long Unicode decoy name', () => {
    const detection = detectionFor({});
    const long = { ...detection, decoy: { ...detection.decoy!, userName: 'Ünïcødé-'.repeat(20) } };
    const notice = openingNotice(long);
    const subject = renderAlert(long, notice).subject;
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(subject.endsWith(`[${notice.incident?.id}]`)).toBe(true);
  });

  it('marks a fail-open alert as stored later and possibly repeated, in the e-mail and the JSON', () => {
    const detection = detectionFor({});
    const alert = renderAlert(detection, { reason: 'fail-open', escalations: [], now: NOW });
    expect(alert.email).toContain('STORED LATER; MAY REPEAT');
    expect(JSON.parse(alert.json).notice).toMatchObject({
      reason: 'fail-open',
      storedLater: true,
      mayRepeat: true,
    });
  });

  it('flags a resumed attempt as a possible repeat with the same detection ID', () => {
    const detection = detectionFor({});
    const alert = renderAlert(detection, { ...openingNotice(detection), duplicateOf: detection.id });
    expect(alert.attributes['duplicate-of']).toBe(detection.id);
    expect(alert.email).toContain(`POSSIBLE REPEAT of detection ${detection.id}`);
  });

  it('describes escalations in the banner and the subject', () => {
    const detection = detectionFor({});
    const notice: AlertNotice = {
      ...openingNotice(detection),
      reason: 'escalation',
      escalations: [
        {
          kind: 'new-category',
          detail: 'session-use',
          time: detection.event.time,
          detectionId: detection.id,
        },
      ],
    };
    const alert = renderAlert(detection, notice);
    expect(alert.email).toMatch(/^ESCALATION in incident HT-\S+: new-category \(session-use\)$/m);
    expect(alert.subject).toContain('escalation session-use: prod-db-backup-user');
  });
});

describe('subjects for detections without a decoy', () => {
  it('names the resource, not its whole ARN, so the call still fits', () => {
    const detection = detectionFor({});
    const { decoy: _none, ...rest } = detection;
    const topic = {
      ...rest,
      kind: 'detector-tamper' as const,
      category: 'topic-tampered',
      suppressible: false,
      event: {
        ...detection.event,
        source: 'sns.amazonaws.com',
        name: 'DeleteTopic',
        target: 'arn:aws:sns:us-east-1:123456789012:honeytrail-alerts',
      },
    };
    expect(renderAlert(topic, { reason: 'always', escalations: [], now: NOW }).subject).toBe(
      '[honeytrail] CRITICAL topic-tampered: honeytrail-alerts - sns:DeleteTopic',
    );
  });
});

describe('update e-mails', () => {
  it('summarises the calls since the last mail: counts, new sources, top calls and verdict drift', () => {
    const first = detectionFor({ sourceIPAddress: '198.51.100.1' });
    let bag = applyOps(
      {},
      planDetection(undefined, first, { quietSeconds: 86_400, digestSeconds: 3600, now: NOW }).ops,
    );
    for (let i = 0; i < 5; i += 1) {
      const next = detectionFor({
        sourceIPAddress: `198.51.100.${i + 2}`,
        eventTime: `2026-11-20T10:0${i + 1}:00Z`,
      });
      const plan = planDetection(
        incidentFromBag(bag),
        { ...next, id: `e${i}:use:x` },
        { quietSeconds: 86_400, digestSeconds: 3600, now: NOW },
      );
      expect(plan.mail).toBeUndefined();
      bag = applyOps(bag, plan.ops);
    }
    const incident = incidentFromBag(bag);
    const digest = {
      to: incident.lastSeen,
      since: incident.since,
      totalCalls: incident.calls,
      topCalls: [{ call: 'sts:GetCallerIdentity', count: 6 }],
    };
    const alert = renderDigest(incident, digest, NOW);
    expect(alert.subject).toMatch(
      /^\[honeytrail\] HIGH update: prod-db-backup-user - 5 call\(s\) since last mail \[HT-/,
    );
    expect(alert.email).toContain('5 call(s) not yet mailed');
    expect(alert.email).toContain(
      'New sources  198.51.100.2, 198.51.100.3, 198.51.100.4, 198.51.100.5, 198.51.100.6',
    );
    expect(alert.email).toContain('Top calls    sts:GetCallerIdentity x6');
  });
});
