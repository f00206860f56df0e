import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { CHAT_LIMITS, type ChatNotification, toChatNotification } from '../../../src/lib/channels/chat.ts';
import { chatText } from '../../../src/lib/channels/chat-text.ts';
import type { ChannelNotice } from '../../../src/lib/channels/notice.ts';
import type { Detection } from '../../../src/lib/detect/detection.ts';
import { fixtureDetections } from '../../support/detections.ts';

const schema = JSON.parse(readFileSync('schemas/chatbot-custom-notification.json', 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
const detections = fixtureDetections();
const incident = {
  id: 'HT-7K3M-Q2XD',
  status: 'open' as const,
  subject: 'ci-cd-deploy-admin',
  calls: 12,
  denied: 11,
};

function expectValid(payload: ChatNotification): void {
  const ok = validate(payload);
  expect({ ok, errors: validate.errors ?? [] }).toEqual({ ok: true, errors: [] });
}

function expectWithinLimits(payload: ChatNotification): void {
  expect(payload.content.title.length).toBeLessThanOrEqual(CHAT_LIMITS.title);
  expect(payload.content.description.length).toBeLessThanOrEqual(CHAT_LIMITS.description);
  expect(payload.content.nextSteps.length).toBeLessThanOrEqual(CHAT_LIMITS.nextSteps);
  for (const step of payload.content.nextSteps) expect(step.length).toBeLessThanOrEqual(CHAT_LIMITS.nextStep);
  expect(payload.content.keywords.length).toBeLessThanOrEqual(CHAT_LIMITS.keywords);
  expect(payload.metadata.summary.length).toBeLessThanOrEqual(CHAT_LIMITS.summary);
  for (const value of Object.values(payload.metadata.additionalContext))
    expect(value).toMatch(/^[\x21-\x7e]+$/);
}

const withUserAgent = (detection: Detection, userAgent: string): Detection => ({
  ...detection,
  actor: { ...detection.actor, userAgent },
});

describe('chat custom notifications', () => {
  it('covers every alert kind in the fixtures', () => {
    expect(new Set(detections.map((d) => d.kind))).toEqual(
      new Set(['use', 'tamper', 'detector-tamper', 'audit', 'safety-net']),
    );
  });

  it('match the published schema and honeytrail’s length caps for every alert kind and every notice', () => {
    for (const detection of detections) {
      const notices: ChannelNotice[] = [
        { notice: 'detection', detection },
        { notice: 'opened', detection, incident },
        { notice: 'escalation', detection, incident, reason: 'first successful call' },
      ];
      for (const notice of notices) {
        const payload = toChatNotification(notice);
        expectValid(payload);
        expectWithinLimits(payload);
      }
    }
    for (const status of ['open', 'acknowledged', 'resolved'] as const) {
      const payload = toChatNotification({
        notice: 'update',
        incident: {
          ...incident,
          status,
          statusBy: 'alice',
          statusAt: '2026-11-21T10:00:00Z',
          statusNote: 'done',
        },
      });
      expectValid(payload);
      expectWithinLimits(payload);
    }
  });

  it('threads every notice of one incident by the incident ID, and a lone detection by its own ID', () => {
    const [first, second] = detections;
    expect(toChatNotification({ notice: 'opened', detection: first!, incident }).metadata.threadId).toBe(
      incident.id,
    );
    expect(
      toChatNotification({ notice: 'escalation', detection: second!, incident, reason: 'new tool' }).metadata
        .threadId,
    ).toBe(incident.id);
    expect(
      toChatNotification({ notice: 'update', incident, at: '2026-11-21T10:00:00Z' }).metadata.threadId,
    ).toBe(incident.id);
    expect(toChatNotification({ notice: 'detection', detection: first! }).metadata.threadId).toBe(first!.id);
  });

  it('gives each notice its own id, so an escalation is not taken for the opening alert', () => {
    const detection = detections[0]!;
    const ids = [
      toChatNotification({ notice: 'opened', detection, incident }).id,
      toChatNotification({ notice: 'escalation', detection, incident, reason: 'x' }).id,
      toChatNotification({ notice: 'update', incident, at: '2026-11-21T10:00:00Z' }).id,
    ];
    expect(new Set(ids).size).toBe(3);
  });

  it('says what is new in an escalation and what changed in a resolved incident', () => {
    const detection = detections[0]!;
    const escalation = toChatNotification({
      notice: 'escalation',
      detection,
      incident,
      reason: 'first successful call',
    });
    expect(escalation.content.title).toContain('Escalation in HT-7K3M-Q2XD: first successful call');
    const resolved = toChatNotification({
      notice: 'update',
      incident: { ...incident, status: 'resolved', statusBy: 'alice', statusAt: '2026-11-21T10:00:00Z' },
    });
    expect(resolved.content.title).toContain('Incident HT-7K3M-Q2XD on ci-cd-deploy-admin resolved');
    expect(resolved.content.description).toContain('*Status change:* by `alice`');
  });

  it('refuses a notice that lacks what it needs, naming it', () => {
    expect(() => toChatNotification({ notice: 'opened', detection: detections[0]! })).toThrow(
      'a opened notice needs its incident',
    );
    expect(() => toChatNotification({ notice: 'escalation', incident })).toThrow('needs its detection');
  });
});

describe('a hostile userAgent in chat', () => {
  const hostile = [
    '@here @channel @everyone <!channel> <!here> <!subteam^S0123|sre> <@U024BE7LH> <#C024BE7LH>',
    '[click me](https://evil.example/phish) <https://evil.example/x|Open runbook> www.evil.example',
    '`code` ```block``` *bold* _it_ ~strike~ > quote # heading | table |',
    '\n\r\u202E\u200B',
  ].join(' ');
  const userAgent = `${hostile} ${'A'.repeat(10 * 1024)}`;

  it('cannot mention, link, format or grow the message past its caps', () => {
    const detection = withUserAgent(detections[0]!, userAgent);
    const payload = toChatNotification({ notice: 'opened', detection, incident });
    expectValid(payload);
    expectWithinLimits(payload);
    const text = JSON.stringify(payload.content);
    for (const forbidden of [
      '@here',
      '@channel',
      '@everyone',
      '<!',
      '<@',
      '<#',
      '](',
      '<http',
      'https://',
      'www.evil',
      '```',
      '\u202E',
      '\u200B',
      '~strike~',
    ])
      expect(text).not.toContain(forbidden);
    const uaLine = payload.content.description.split('\n').find((line) => line.startsWith('*User agent:*'));
    expect(uaLine).toMatch(/^\*User agent:\* `[^`]+`$/);
    expect(uaLine).toContain('(at)here');
    expect(uaLine).toContain('hxxps://evil.example/phish');
    expect(uaLine!.length).toBeLessThan(400);
  });

  it('is made inert the same way wherever it appears: title, summary, steps and keywords', () => {
    const detection: Detection = {
      ...withUserAgent(detections[0]!, userAgent),
      category: '<!channel> *cat*',
      nextSteps: [`Investigate ${hostile}`],
      event: { ...detections[0]!.event, name: '[x](https://evil.example)@here' },
    };
    const payload = toChatNotification({ notice: 'detection', detection });
    const visible = [
      payload.content.title,
      payload.metadata.summary,
      ...payload.content.nextSteps,
      ...payload.content.keywords,
    ];
    for (const text of visible) {
      expect(text).not.toMatch(/<!|@here|\]\(|https:\/\/|[*`~]/);
    }
    expectValid(payload);
  });

  it('keeps ordinary userAgents readable', () => {
    expect(
      chatText(
        'aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 md/command#sts.get-caller-identity',
      ),
    ).toBe(
      'aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 md/command#sts.get-caller-identity',
    );
  });
});
