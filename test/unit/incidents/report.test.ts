import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { Case } from '../../../src/lib/incidents/cases.ts';
import type { Escalation } from '../../../src/lib/incidents/model.ts';
import type { TimelineRow } from '../../../src/lib/incidents/query.ts';
import { nextSteps, renderReport, sourcesOf } from '../../../src/lib/incidents/report.ts';
import { timelineSvg } from '../../../src/lib/incidents/report-svg.ts';
import { incidentFromBag } from '../../../src/lib/incidents/view.ts';

const EVIL = `"><script>alert('x')</script><img src=x onerror=alert(1)>&amp;`;

function row(time: string, overrides: Partial<TimelineRow> = {}): TimelineRow {
  return {
    time,
    eventId: `e-${time}`,
    call: 'sts:GetCallerIdentity',
    result: 'DENIED',
    errorCode: 'AccessDenied',
    sourceIp: '198.51.100.1',
    ipKind: 'public-v4',
    userAgent: 'aws-cli/2.22.4',
    verdict: 'automated',
    confidence: 0.9,
    category: 'key-use',
    severity: 'high',
    mail: 'held back',
    mailed: false,
    nextSteps: [],
    reasons: [],
    ...overrides,
  };
}

const escalation = (time: string, kind: Escalation['kind'], detail: string = kind): Escalation => ({
  time,
  kind,
  detail,
  detectionId: `d-${time}-${kind}`,
});

function hostileCase(): Case {
  const incident = {
    ...incidentFromBag({}),
    id: 'HT-7K3M-Q2XD',
    subject: EVIL,
    firstSeen: '2026-11-20T09:00:00Z',
    lastSeen: '2026-11-20T10:00:00Z',
    calls: 3,
    status: 'acknowledged' as const,
    statusBy: EVIL,
    statusAt: '2026-11-20T10:05:00Z',
    statusNote: EVIL,
    decoy: { userName: EVIL, accountId: '123456789012', placement: EVIL },
    callCounts: { [EVIL]: 3 },
    escalations: [escalation('2026-11-20T09:30:00Z', 'new-tool', EVIL)],
  };
  const timeline = [
    row('2026-11-20T09:00:00Z', { mailed: true, mail: 'mailed (opened)', nextSteps: [EVIL] }),
    row('2026-11-20T09:30:00Z', {
      userAgent: EVIL,
      tool: EVIL,
      asOrg: EVIL,
      country: EVIL,
      category: EVIL,
      reasons: [EVIL],
    }),
    row('2026-11-20T10:00:00Z', {
      sourceIp: EVIL,
      call: EVIL,
      errorCode: EVIL,
      provider: EVIL,
      network: 'hosting',
    }),
  ];
  return { incident, timeline };
}

describe('renderReport', () => {
  const html = renderReport(hostileCase(), '2026-11-20T11:00:00Z');

  it('escapes every attacker string wherever it lands', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/onerror=alert\(1\)>(?!&)/);
    expect(html).toContain(
      '&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;',
    );
  });

  it('allows its one style block by hash and nothing else', () => {
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(html).toContain(
      `content="default-src &#39;none&#39;; style-src &#39;sha256-${hash}&#39;; base-uri &#39;none&#39;; form-action &#39;none&#39;"`,
    );
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('lists each source once with its calls, busiest first', () => {
    expect(sourcesOf(hostileCase().timeline).map((s) => [s.row.sourceIp, s.calls])).toEqual([
      ['198.51.100.1', 2],
      [EVIL, 1],
    ]);
  });

  it('ends the next steps with how to close the case, and drops per-source steps for the incident-wide one', () => {
    const found = hostileCase();
    found.timeline[0]?.nextSteps.push(
      'Block or investigate source 198.51.100.1; check other access from it.',
    );
    const steps = nextSteps(found);
    expect(steps.some((s) => s.includes('198.51.100.1'))).toBe(false);
    expect(steps.at(-1)).toBe(
      'When done: honeytrail incidents resolve HT-7K3M-Q2XD --note "what was found and done"',
    );
  });
});

describe('timelineSvg', () => {
  const rows = [
    row('2026-11-20T09:00:00Z'),
    row('2026-11-20T09:10:00Z', { category: 'session-use' }),
    row('2026-11-20T10:00:00Z'),
  ];

  it('draws one mark per escalation, numbered in order, even when several share a moment', () => {
    const escalations = [
      escalation('2026-11-20T09:10:00Z', 'first-success'),
      escalation('2026-11-20T09:10:00Z', 'new-category', 'session-use'),
      escalation('2026-11-20T09:40:00Z', 'new-network', 'isp'),
    ];
    const { svg, marks } = timelineSvg(rows, escalations);
    expect(marks).toBe(3);
    const found = [...svg.matchAll(/<g class="esc-mark" data-index="(\d)" data-kind="([a-z-]+)">/g)];
    expect(found.map((m) => [m[1], m[2]])).toEqual([
      ['1', 'first-success'],
      ['2', 'new-category'],
      ['3', 'new-network'],
    ]);
    // The two marks at 09:10 are stacked, not drawn on top of each other.
    const tops = [...svg.matchAll(/<text x="[\d.]+" y="([\d.]+)" text-anchor="middle" font-size="10"/g)].map(
      (m) => m[1],
    );
    expect(new Set(tops.slice(0, 2)).size).toBe(2);
  });

  it('draws no mark without escalations, and every call lands in a bar', () => {
    const { svg, marks } = timelineSvg(rows, []);
    expect(marks).toBe(0);
    expect(svg).not.toContain('esc-mark');
    const counted = [...svg.matchAll(/<title>[^<]*: (\d+)<\/title><\/rect>/g)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
    expect(counted).toBe(rows.length);
  });
});
