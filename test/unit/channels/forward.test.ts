import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { renderAlert, renderDigest } from '../../../src/lib/alerts/render.ts';
import { forwardAlerts } from '../../../src/lib/channels/forward.ts';
import { alertNotice, type PendingChannels } from '../../../src/lib/channels/from-alert.ts';
import {
  ChannelDeliveryError,
  type ChannelName,
  type ChannelNotice,
  type ChannelOutcome,
} from '../../../src/lib/channels/index.ts';
import { parseEnvelope } from '../../../src/lib/cloudtrail/schema.ts';
import { parseRegistry } from '../../../src/lib/decoys/registry-yaml.ts';
import { analyzeRecord, useRule } from '../../../src/lib/detect/rules.ts';
import { EventValidationError } from '../../../src/lib/errors.ts';
import { applyOps } from '../../../src/lib/incidents/ops.ts';
import { planDetection } from '../../../src/lib/incidents/plan.ts';
import { incidentFromBag } from '../../../src/lib/incidents/view.ts';
import { cloudTrailEvent } from '../../support/events.ts';

const registry = parseRegistry(readFileSync('test/events/decoys.yml', 'utf8'));
const NOW = Date.parse('2026-11-20T10:05:00Z');

/** The alert JSON exactly as the detectors publish it for the lambda protocol. */
function openingAlert() {
  const record = parseEnvelope(cloudTrailEvent({})).detail;
  const [detection] = analyzeRecord(record, { registry }, [useRule]).detections;
  if (!detection) throw new Error('expected a detection');
  const plan = planDetection(undefined, detection, { quietSeconds: 86_400, digestSeconds: 3600, now: NOW });
  const incident = incidentFromBag(applyOps({}, plan.ops));
  return {
    detection,
    incident,
    json: renderAlert(detection, { reason: 'opened', incident, escalations: [], now: NOW }).json,
  };
}

const snsEvent = (message: string, id = 'msg-1') => ({
  Records: [{ Sns: { MessageId: id, Message: message, Timestamp: '2026-11-20T10:05:01.000Z' } }],
});

/** A fan-out whose channels fail on demand; it records what each channel was sent. */
function fanOut(failing: Set<ChannelName>) {
  const sent: string[] = [];
  return {
    sent,
    names: ['chat', 'events', 'securityHub'] as const,
    async deliver(notice: ChannelNotice, options: { only?: readonly ChannelName[] } = {}) {
      const outcomes: ChannelOutcome[] = (options.only ?? this.names).map((channel) => {
        if (failing.has(channel)) return { channel, status: 'failed', error: new Error(`${channel} down`) };
        sent.push(`${channel}:${notice.notice}:${notice.incident?.id ?? '-'}`);
        return { channel, status: 'sent' };
      });
      if (outcomes.some((o) => o.status === 'failed')) throw new ChannelDeliveryError(outcomes);
      return outcomes;
    },
  };
}

describe('alerts from the topic to the channels', () => {
  it("turns the published alert into a notice in the incident's thread", () => {
    const { detection, incident, json } = openingAlert();
    const { notice } = alertNotice(snsEvent(json).Records[0]!);
    expect(notice.notice).toBe('opened');
    expect(notice.incident?.id).toBe(incident.id);
    expect(notice.detection?.id).toBe(detection.id);
  });

  it('turns a flushed update, which has no detection, into an update notice', () => {
    const { incident } = openingAlert();
    const digest = { to: incident.lastSeen, since: incident.since, totalCalls: 1, topCalls: [] };
    const { notice } = alertNotice(snsEvent(renderDigest(incident, digest, NOW).json).Records[0]!);
    expect(notice).toMatchObject({ notice: 'update', incident: { id: incident.id } });
    expect(notice.detection).toBeUndefined();
  });

  it('rejects a message that is not an alert, naming it', () => {
    expect(() => alertNotice(snsEvent('not json').Records[0]!)).toThrow(EventValidationError);
    expect(() => alertNotice(snsEvent('{"kind":"use","notice":{"reason":"nope"}}').Records[0]!)).toThrow(
      /notice\.reason/,
    );
  });

  it('fails the invocation when a channel fails, and the retry sends only that channel', async () => {
    const { json } = openingAlert();
    const failing = new Set<ChannelName>(['securityHub']);
    const channels = fanOut(failing);
    const pending: PendingChannels = new Map();
    await expect(forwardAlerts(snsEvent(json), channels, pending)).rejects.toThrow(/securityHub down/);
    expect(pending.get('msg-1')).toEqual(['securityHub']);
    failing.clear();
    await forwardAlerts(snsEvent(json), channels, pending);
    expect(channels.sent.map((s) => s.split(':')[0])).toEqual(['chat', 'events', 'securityHub']);
    expect(pending.size).toBe(0);
  });
});
