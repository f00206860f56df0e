import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parseEnvelope } from '../../../src/lib/cloudtrail/schema.ts';
import { parseRegistry } from '../../../src/lib/decoys/registry-yaml.ts';
import type { Detection } from '../../../src/lib/detect/detection.ts';
import { analyzeRecord, useRule } from '../../../src/lib/detect/rules.ts';
import { ESCALATIONS } from '../../../src/lib/incidents/escalations.ts';
import { INCIDENT_ID, incidentIdFor, stripApiVersion } from '../../../src/lib/incidents/model.ts';
import { applyOps, type Bag } from '../../../src/lib/incidents/ops.ts';
import { planDetection, planFlush } from '../../../src/lib/incidents/plan.ts';
import { makeIncidentTracker } from '../../../src/lib/incidents/tracker.ts';
import { incidentFromBag } from '../../../src/lib/incidents/view.ts';
import { cloudTrailEvent, type EventOptions } from '../../support/events.ts';

const registry = parseRegistry(readFileSync('test/events/decoys.yml', 'utf8'));
const options = { quietSeconds: 86_400, digestSeconds: 3600, now: 0 };
let seq = 0;

function detect(extra: EventOptions = {}, change: (d: Detection) => Detection = (d) => d): Detection {
  seq += 1;
  const record = parseEnvelope(
    cloudTrailEvent({
      eventTime: '2026-11-20T10:00:00Z',
      sourceIPAddress: '198.51.100.7',
      userAgent: 'aws-cli/2.22.4 ua/2.0 os/linux#6.8 lang/python#3.12',
      errorCode: 'AccessDenied',
      ...extra,
    }),
  ).detail;
  const [detection] = analyzeRecord(record, { registry }, [useRule]).detections;
  if (!detection) throw new Error('expected a detection');
  return change({ ...detection, id: `e${seq}:use:123456789012/prod-db-backup-user` });
}

/** Runs detections through the plan in order, as the store would apply them. */
function run(detections: Detection[]) {
  let bag: Bag | undefined;
  const plans = detections.map((d) => {
    const plan = planDetection(bag ? incidentFromBag(bag) : undefined, d, options);
    bag = plan.action === 'join' && bag ? applyOps(bag, plan.ops) : applyOps({}, plan.ops);
    return plan;
  });
  return { plans, state: incidentFromBag(bag ?? {}) };
}

const t = (minute: number) => `2026-11-20T10:${String(minute).padStart(2, '0')}:00Z`;

describe('incident IDs', () => {
  it('are stable for the same scope and opening detection, short and speakable', () => {
    const id = incidentIdFor('decoy:123456789012/x', 'e1');
    expect(id).toBe(incidentIdFor('decoy:123456789012/x', 'e1'));
    expect(id).not.toBe(incidentIdFor('decoy:123456789012/x', 'e2'));
    expect(id).toMatch(INCIDENT_ID);
    expect(id).not.toMatch(/[ILOU]/);
  });
});

describe('the alert policy', () => {
  it('mails the opening detection and holds repeats back, counting them', () => {
    const { plans, state } = run([
      detect({ eventTime: t(0) }),
      detect({ eventTime: t(1) }),
      detect({ eventTime: t(2), sourceIPAddress: '198.51.100.8' }),
    ]);
    expect(plans.map((p) => p.mail)).toEqual(['opened', undefined, undefined]);
    expect(state).toMatchObject({ calls: 3, held: 2, denied: 3, succeeded: 0, ipCount: 2 });
    expect(state.since.calls).toBe(2);
  });

  const escalations: [string, Detection][] = [
    ['new-category', detect({ eventTime: t(5), accessKeyId: 'ASIAY4M2PZ7NQ3XR5TKL' })],
    ['first-success', detect({ eventTime: t(5), errorCode: '' })],
    [
      'first-write',
      detect({ eventTime: t(5), eventName: 'CreateUser', eventSource: 'iam.amazonaws.com' }, (d) => ({
        ...d,
        event: { ...d.event, readOnly: false },
      })),
    ],
    ['new-tool', detect({ eventTime: t(5), userAgent: 'TruffleHog' })],
    ['new-network', detect({ eventTime: t(5) }, (d) => ({ ...d, actor: { ...d.actor, network: 'tor' } }))],
  ];
  it.each(escalations)('mails a %s escalation at once, and only once', (kind, detection) => {
    const again = { ...detection, id: `${detection.id}-again`, event: { ...detection.event, time: t(6) } };
    const { plans, state } = run([
      detect({ eventTime: t(0) }),
      detect({ eventTime: t(1) }),
      detection,
      again,
    ]);
    expect(plans.map((p) => p.mail)).toEqual(['opened', undefined, 'escalation', undefined]);
    expect(plans[2]?.escalations.map((e) => e.kind)).toContain(kind);
    expect(state.escalations.map((e) => e.kind)).toContain(kind);
  });

  it('lists every escalation kind in one table', () => {
    expect(ESCALATIONS.map((e) => e.kind).sort()).toEqual([
      'first-success',
      'first-write',
      'new-category',
      'new-network',
      'new-tool',
    ]);
  });

  it('does not let an attacker rotate userAgents into a mail per call: new tools stop escalating after a bound', () => {
    const tools = [
      'TruffleHog',
      'Pacu',
      'curl/8.0',
      'python-requests/2.31',
      'Go-http-client/1.1',
      'Boto3/1.26.45 Python/3.9.2 Linux/6.0.0 Botocore/1.29.45',
      'ScoutSuite/5.12',
      'aws-sdk-go/1.44',
      'PostmanRuntime/7.36',
      'Terraform/1.6.0',
      'Prowler APN_1826889',
      'aws-sdk-java/1.12',
    ];
    const { plans } = run([
      detect({ eventTime: t(0) }),
      ...tools.map((userAgent, i) => detect({ eventTime: t(i + 1), userAgent })),
    ]);
    const mailed = plans.filter((p) => p.mail).length;
    expect(mailed).toBeLessThanOrEqual(9);
  });

  it('always mails kinds that are never held back, such as tamper', () => {
    const tamper = detect({ eventTime: t(3) }, (d) => ({
      ...d,
      kind: 'tamper',
      category: 'privilege-grant',
      suppressible: false,
      id: 'x:tamper:y',
    }));
    const { plans } = run([
      detect({ eventTime: t(0) }),
      tamper,
      { ...tamper, id: 'z:tamper:y', event: { ...tamper.event, time: t(4) } },
    ]);
    expect(plans.map((p) => p.mail)).toEqual(['opened', 'always', 'always']);
  });

  it('mails one update when the digest window has passed since the last mail, with what happened since', () => {
    const { plans } = run([
      detect({ eventTime: t(0) }),
      detect({ eventTime: t(10), sourceIPAddress: '198.51.100.20' }),
      detect({ eventTime: t(30) }),
      detect({ eventTime: '2026-11-20T11:05:00Z' }),
      detect({ eventTime: '2026-11-20T11:06:00Z' }),
    ]);
    expect(plans.map((p) => p.mail)).toEqual(['opened', undefined, undefined, 'update', undefined]);
    expect(plans[3]?.digest).toMatchObject({ since: { calls: 3, ips: ['198.51.100.20'] }, totalCalls: 4 });
  });

  it('opens a new incident after the quiet period, and after a resolve', () => {
    const quiet = run([detect({ eventTime: t(0) }), detect({ eventTime: '2026-11-21T10:00:01Z' })]);
    expect(quiet.plans.map((p) => p.action)).toEqual(['open', 'rollover']);
    expect(quiet.plans[1]?.incidentId).not.toBe(quiet.plans[0]?.incidentId);

    const first = planDetection(undefined, detect({ eventTime: t(0) }), options);
    const resolved = incidentFromBag({ ...applyOps({}, first.ops), status: 'resolved' });
    expect(planDetection(resolved, detect({ eventTime: t(1) }), options)).toMatchObject({
      action: 'rollover',
      mail: 'opened',
    });
  });

  it('mails a retry that arrives after its incident rolled over on its own, counting it nowhere', () => {
    const first = detect({ eventTime: t(0) });
    const { state } = run([first, detect({ eventTime: '2026-11-21T11:00:00Z' })]);
    const late = planDetection(state, first, options);
    expect(late).toMatchObject({ action: 'late', mail: 'always', ops: [] });
    expect(planDetection(state, detect({ eventTime: '2026-11-21T10:59:00Z' }), options).action).toBe('join');
  });

  it('recognises a redelivery of a mailed detection as its own attempt, not a new call', () => {
    const opening = detect({ eventTime: t(0) });
    const plan = planDetection(undefined, opening, { ...options, now: 1_000 });
    const state = incidentFromBag(applyOps({}, plan.ops));
    expect(planDetection(state, opening, { ...options, now: 2_000 })).toMatchObject({
      resumed: true,
      busy: true,
      mail: 'opened',
    });
    expect(planDetection(state, opening, { ...options, now: 60_000 })).toMatchObject({
      resumed: true,
      busy: false,
      mail: 'opened',
    });
  });

  it('flushes an update for a quiet incident with held calls, once the window has passed', () => {
    const { state } = run([detect({ eventTime: t(0) }), detect({ eventTime: t(5) })]);
    expect(planFlush(state, '2026-11-20T10:30:00Z', 3600)).toBeUndefined();
    const flush = planFlush(state, '2026-11-20T11:00:01Z', 3600);
    expect(flush?.digest?.since.calls).toBe(1);
    expect(flush?.conditions).toContainEqual({ t: 'equalsOrAbsent', a: 'lastMailAt', v: state.lastMailAt });
  });
});

describe('behaviour and naming', () => {
  it('drops API-version suffixes from call names', () => {
    expect(stripApiVersion('DeleteFunction20150331')).toBe('DeleteFunction');
    expect(stripApiVersion('UpdateFunctionConfiguration20150331v2')).toBe('UpdateFunctionConfiguration');
    expect(stripApiVersion('GetCallerIdentity')).toBe('GetCallerIdentity');
  });

  it('groups offline exactly as the deployed path does', () => {
    const tracker = makeIncidentTracker();
    const seqDetections = [
      detect({ eventTime: t(0) }),
      detect({ eventTime: t(1) }),
      detect({ eventTime: '2026-11-22T10:00:00Z' }),
    ];
    const tracked = seqDetections.map((d) => tracker.add(d));
    expect(tracked.map((x) => x.mail)).toEqual(['opened', undefined, 'opened']);
    expect(tracker.summaries().map((s) => s.calls)).toEqual([2, 1]);
    expect(tracker.add(seqDetections[1]!)).toMatchObject({ duplicate: true });
    expect(tracker.summaries().map((s) => s.calls)).toEqual([2, 1]);
  });
});

describe('docs', () => {
  it('lists every escalation of the code table in docs/incidents.md, in the same words', () => {
    // Table cells as the formatter pads them: compare with runs of spaces collapsed.
    const doc = readFileSync('docs/incidents.md', 'utf8').replace(/ +/g, ' ');
    for (const rule of ESCALATIONS) expect(doc).toContain(`| \`${rule.kind}\` | ${rule.when} |`);
  });
});
