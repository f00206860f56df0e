import { readFileSync } from 'node:fs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { makeEventBridge, PutEventsError } from '../../../src/lib/aws/eventbridge.ts';
import {
  DETAIL_TYPES,
  EVENT_SIZE_LIMIT,
  EventTooLargeError,
  toEventEntries,
} from '../../../src/lib/channels/events.ts';
import { matchesPattern } from '../../../src/local/event-pattern.ts';
import { fixtureDetections } from '../../support/detections.ts';

const detections = fixtureDetections();
const incident = { id: 'HT-7K3M-Q2XD', status: 'open' as const, calls: 3 };
const options = { busName: 'default', partition: 'aws' };

/** What a rule on the bus sees: the entry as EventBridge delivers it. */
const asDelivered = (entry: ReturnType<typeof toEventEntries>[number]) => ({
  source: entry.Source,
  'detail-type': entry.DetailType,
  resources: entry.Resources,
  detail: JSON.parse(entry.Detail),
});

describe('EventBridge events', () => {
  it('puts one Honeytrail Detection per detection, carrying the Detection JSON unchanged', () => {
    const detection = detections[0]!;
    const [entry, ...rest] = toEventEntries({ notice: 'detection', detection }, options);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      EventBusName: 'default',
      Source: 'honeytrail',
      DetailType: 'Honeytrail Detection',
    });
    expect(JSON.parse(entry!.Detail)).toEqual({ schemaVersion: '1', notice: 'detection', detection });
    expect(entry!.Resources).toEqual([
      `arn:aws:iam::${detection.decoy!.accountId}:user/${detection.decoy!.userName}`,
    ]);
    expect(entry!.Time?.toISOString().replace('.000Z', 'Z')).toBe(detection.event.time);
  });

  it('adds a Honeytrail Incident Changed event when a notice opens, escalates or updates an incident', () => {
    const detection = detections[1]!;
    const types = (notice: Parameters<typeof toEventEntries>[0]) =>
      toEventEntries(notice, options).map((entry) => entry.DetailType);
    expect(types({ notice: 'opened', detection, incident })).toEqual([
      DETAIL_TYPES.detection,
      DETAIL_TYPES.incident,
    ]);
    expect(types({ notice: 'escalation', detection, incident, reason: 'new tool' })).toEqual([
      DETAIL_TYPES.detection,
      DETAIL_TYPES.incident,
    ]);
    expect(types({ notice: 'update', incident, at: '2026-11-21T10:00:00Z' })).toEqual([
      DETAIL_TYPES.incident,
    ]);
    const [, changed] = toEventEntries(
      { notice: 'escalation', detection, incident, reason: 'new tool' },
      options,
    );
    expect(JSON.parse(changed!.Detail)).toEqual({
      schemaVersion: '1',
      change: 'escalation',
      incident,
      reason: 'new tool',
      detectionId: detection.id,
      severity: detection.severity,
    });
  });

  it('publishes only the documented incident fields, whatever else the aggregate holds', () => {
    const aggregate = { ...incident, locks: { a: 1 }, claims: { b: 'c' } };
    const [entry] = toEventEntries(
      { notice: 'update', incident: aggregate, at: '2026-11-21T10:00:00Z' },
      options,
    );
    expect(JSON.parse(entry!.Detail).incident).toEqual(incident);
  });

  it('refuses an event over the 256 KB entry limit instead of letting PutEvents drop it', () => {
    const detection = { ...detections[0]!, summary: 'x'.repeat(EVENT_SIZE_LIMIT) };
    expect(() => toEventEntries({ notice: 'detection', detection }, options)).toThrow(EventTooLargeError);
  });

  it('lets the documented pager rule match critical detections only', () => {
    const pattern = JSON.parse(readFileSync('docs/examples/pager-critical-rule.json', 'utf8'));
    for (const detection of detections) {
      for (const entry of toEventEntries({ notice: 'opened', detection, incident }, options))
        expect(matchesPattern(pattern, asDelivered(entry))).toBe(
          entry.DetailType === DETAIL_TYPES.detection && detection.severity === 'critical',
        );
    }
  });
});

describe('the EventBridge adapter', () => {
  // EventBridge itself cannot run here; the SDK client is replaced at its transport boundary.
  it('counts any refused entry as a failed delivery, naming the error', async () => {
    const client = mockClient(EventBridgeClient);
    client.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ EventId: 'e-1' }, { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
    });
    const bus = makeEventBridge({ client: client as unknown as EventBridgeClient });
    const entries = toEventEntries({ notice: 'opened', detection: detections[0]!, incident }, options);
    await expect(bus.putEvents(entries)).rejects.toThrow(PutEventsError);
    await expect(bus.putEvents(entries)).rejects.toThrow(
      'EventBridge refused 1 of 2 event(s): Honeytrail Incident Changed: InternalFailure try again',
    );
  });

  it('splits entries into calls of at most 10 and 256 KB, and returns every event ID', async () => {
    const client = mockClient(EventBridgeClient);
    client.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map((_, index) => ({ EventId: `id-${index}` })),
    }));
    const bus = makeEventBridge({ client: client as unknown as EventBridgeClient });
    const big = { ...detections[0]!, summary: 'y'.repeat(100_000) };
    const entries = [
      ...toEventEntries({ notice: 'detection', detection: big }, options),
      ...toEventEntries({ notice: 'detection', detection: big }, options),
      ...toEventEntries({ notice: 'detection', detection: big }, options),
      ...detections
        .slice(0, 12)
        .flatMap((detection) => toEventEntries({ notice: 'detection', detection }, options)),
    ];
    const ids = await bus.putEvents(entries);
    expect(ids).toHaveLength(entries.length);
    const calls = client.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);
    for (const batch of calls) {
      expect(batch.length).toBeLessThanOrEqual(10);
      const bytes = batch.reduce((sum, entry) => sum + Buffer.byteLength(entry.Detail ?? ''), 0);
      expect(bytes).toBeLessThanOrEqual(EVENT_SIZE_LIMIT);
    }
    expect(calls.flat()).toHaveLength(entries.length);
  });
});
