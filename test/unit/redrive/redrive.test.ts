import { describe, expect, it } from '@jest/globals';
import type { RenderedAlert } from '../../../src/lib/alerts/render.ts';
import { DAY_SECONDS, FIRST_RETRY_SECONDS } from '../../../src/lib/queue/backoff.ts';
import { ReplayInvokeError } from '../../../src/lib/queue/invoke.ts';
import { overdueNotice } from '../../../src/lib/queue/overdue.ts';
import { redriveQueue } from '../../../src/lib/queue/redrive.ts';
import { runRedrive } from '../../../src/lib/queue/run.ts';
import { cloudTrailEvent } from '../../support/events.ts';
import { makeSimQueue } from '../../support/sim-queue.ts';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:honeytrail-prod-detectUse';

function failureRecord(event = cloudTrailEvent()) {
  return JSON.stringify({
    requestContext: {
      functionArn: `${FUNCTION_ARN}:$LATEST`,
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload: event,
    responsePayload: { errorMessage: 'connect ECONNREFUSED' },
  });
}

/** A queue and a clock the test moves by hand, and a function that fails while `down` is true. */
function setup(messages = 3) {
  let now = Date.parse('2026-11-20T10:00:00Z');
  const clock = { now: () => now, advance: (seconds: number) => (now += seconds * 1000) };
  const queue = makeSimQueue(
    'https://sqs.us-east-1.amazonaws.com/123456789012/honeytrail-prod-failed-invocations',
    clock.now,
  );
  const events = Array.from({ length: messages }, (_, i) =>
    cloudTrailEvent({ sourceIPAddress: `198.51.100.${i + 1}` }),
  );
  for (const event of events) queue.send(failureRecord(event));
  const target = {
    down: false,
    calls: [] as string[],
    async invoke(functionArn: string, event: unknown) {
      target.calls.push((event as ReturnType<typeof cloudTrailEvent>).detail.eventID);
      if (target.down) throw new ReplayInvokeError(`${functionArn} returned Unhandled: table unavailable`);
    },
  };
  return { queue, clock, target, events };
}

describe('automatic redrive', () => {
  it('re-invokes every dead letter once its function succeeds again, and deletes each only after success', async () => {
    const { queue, clock, target, events } = setup();
    const summary = await redriveQueue({ queue, invoker: target, now: clock.now });
    expect(summary).toMatchObject({ redriven: 3, failed: 0, paused: false, waiting: 0 });
    expect(target.calls.sort()).toEqual(events.map((event) => event.detail.eventID).sort());
  });

  it('stops a round after two failures in a row and keeps every message for the next round', async () => {
    const { queue, clock, target } = setup(5);
    target.down = true;
    const first = await redriveQueue({ queue, invoker: target, now: clock.now });
    expect(first).toMatchObject({ redriven: 0, failed: 2, paused: true, waiting: 5 });
    expect(target.calls).toHaveLength(2);

    // The untried messages are visible at once; the two that failed wait out their backoff.
    target.down = false;
    clock.advance(1);
    expect(await redriveQueue({ queue, invoker: target, now: clock.now })).toMatchObject({
      redriven: 3,
      waiting: 2,
    });
    clock.advance(FIRST_RETRY_SECONDS);
    expect(await redriveQueue({ queue, invoker: target, now: clock.now })).toMatchObject({
      redriven: 2,
      waiting: 0,
    });
  });

  it('keeps going past one bad event when the next ones succeed', async () => {
    const { queue, clock, target, events } = setup(3);
    const bad = events[0]?.detail.eventID;
    const invoker = {
      async invoke(functionArn: string, event: unknown) {
        if ((event as ReturnType<typeof cloudTrailEvent>).detail.eventID === bad)
          throw new ReplayInvokeError('EventValidationError');
        await target.invoke(functionArn, event);
      },
    };
    expect(await redriveQueue({ queue, invoker, now: clock.now })).toMatchObject({
      redriven: 2,
      failed: 1,
      paused: false,
      waiting: 1,
    });
  });

  it('leaves a message it cannot read in the queue, and never invokes anything for it', async () => {
    const { queue, clock, target } = setup(0);
    queue.send('not json');
    expect(await redriveQueue({ queue, invoker: target, now: clock.now })).toMatchObject({
      unreadable: 1,
      waiting: 1,
    });
    expect(target.calls).toEqual([]);
  });

  it('reports messages that completed a day of waiting once per day, naming how many and the oldest', async () => {
    const { queue, clock, target, events } = setup(2);
    target.down = true;
    const published: RenderedAlert[] = [];
    const publisher = { publish: async (alert: RenderedAlert) => void published.push(alert) };
    // Every 5 minutes for a day and a half, the dependency still down.
    for (let t = 0; t < 1.5 * DAY_SECONDS; t += 300) {
      await runRedrive({ queues: [queue], invoker: target, publisher, now: clock.now });
      clock.advance(300);
    }
    expect(published).toHaveLength(1);
    const [notice] = published;
    expect(notice?.subject).toBe(
      '[honeytrail] CRITICAL dead letters: 2 event(s) over 1 day(s) in honeytrail-prod-failed-invocations',
    );
    expect(notice?.email).toContain(`Event ID     ${events[0]?.detail.eventID}`);
    expect(notice?.email).toContain('2 message(s) are in the queue in all');
    expect(notice?.attributes).toEqual({ severity: 'critical', kind: 'dead-letters' });
    // An hour of backoff at most: the dependency is probed at least hourly all day.
    expect(target.calls.length).toBeGreaterThan(36);
  });

  it('shows overdue messages again when the notice cannot be sent, so the next run reports them', async () => {
    const { queue, clock, target } = setup(1);
    target.down = true;
    clock.advance(DAY_SECONDS);
    const publisher = {
      publish: async (): Promise<string> => {
        throw new Error('SNS unavailable');
      },
    };
    await expect(runRedrive({ queues: [queue], invoker: target, publisher, now: clock.now })).rejects.toThrow(
      'SNS unavailable',
    );
    const [again] = await queue.receive(10, 0);
    expect(again).toBeDefined();
  });

  it('cleans attacker-controlled fields in the notice', () => {
    const event = cloudTrailEvent({ userName: 'evil\nSubject: forged\u202e' });
    const notice = overdueNotice({
      queueUrl: 'https://sqs/q',
      redriven: 0,
      failed: 1,
      unreadable: 0,
      paused: false,
      waiting: 1,
      overdue: [
        {
          messageId: 'm',
          receiptHandle: 'r',
          ageSeconds: DAY_SECONDS,
          item: {
            messageId: 'm',
            receiptHandle: 'r',
            origin: 'lambda-on-failure',
            functionArn: 'f',
            event,
            reason: 'x',
          },
        },
      ],
    });
    expect(notice?.email).toContain('User         evil Subject: forged');
    expect(notice?.email).not.toContain('\u202e');
  });
});
