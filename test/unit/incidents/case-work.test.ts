import { describe, expect, it } from '@jest/globals';
import { checkTransition } from '../../../src/lib/incidents/cases.ts';
import { csvCell, csvLine } from '../../../src/lib/incidents/csv.ts';
import { escalationText, formatList } from '../../../src/lib/incidents/format.ts';
import type { IncidentState } from '../../../src/lib/incidents/model.ts';
import {
  CaseInputError,
  parseIncidentId,
  parseSince,
  selectIncidents,
} from '../../../src/lib/incidents/query.ts';
import { incidentFromBag } from '../../../src/lib/incidents/view.ts';

const NOW = Date.parse('2026-11-20T12:00:00Z');

function incident(overrides: Partial<IncidentState>): IncidentState {
  return { ...incidentFromBag({}), ...overrides };
}

describe('parseSince', () => {
  it('reads a date as UTC midnight, a time with its zone, and an age back from now', () => {
    expect(parseSince('2026-11-19', NOW)).toBe('2026-11-19T00:00:00.000Z');
    expect(parseSince('2026-11-19T08:30:00+02:00', NOW)).toBe('2026-11-19T06:30:00.000Z');
    expect(parseSince('30m', NOW)).toBe('2026-11-20T11:30:00.000Z');
    expect(parseSince('24h', NOW)).toBe('2026-11-19T12:00:00.000Z');
    expect(parseSince('7d', NOW)).toBe('2026-11-13T12:00:00.000Z');
  });

  it.each([
    'yesterday',
    '',
    '2026-02-31',
    '2026-13-01',
    '2026-11-20T25:00:00Z',
    '2026-11-20T08:00',
    '7w',
    '-1d',
    '20/11/2026',
  ])('refuses %p, naming the accepted forms', (value) => {
    expect(() => parseSince(value, NOW)).toThrow(CaseInputError);
    expect(() => parseSince(value, NOW)).toThrow(
      /is not a date \(2026-11-20\), a time .* or an age \(30m, 24h, 7d\)/,
    );
  });
});

describe('parseIncidentId', () => {
  it('accepts the ID in any case and with spaces around it', () => {
    expect(parseIncidentId(' ht-7k3m-q2xd ')).toBe('HT-7K3M-Q2XD');
  });

  it.each(['HT-7K3M', 'HT-7K3M-Q2XI', 'XX-7K3M-Q2XD', 'HT-7K3M-Q2XD-1'])('refuses %p', (value) => {
    expect(() => parseIncidentId(value)).toThrow(/not an incident ID/);
  });

  it('cleans what it echoes back', () => {
    expect(() => parseIncidentId('a\nb\u202ec')).toThrow(/"a b c"/);
  });
});

describe('selectIncidents', () => {
  const all = [
    incident({ id: 'R', status: 'resolved', lastSeen: '2026-11-20T11:00:00Z', subject: 'a' }),
    incident({ id: 'O1', status: 'open', lastSeen: '2026-11-18T11:00:00Z', subject: 'b' }),
    incident({ id: 'A', status: 'acknowledged', lastSeen: '2026-11-20T10:00:00Z', subject: 'a' }),
    incident({ id: 'O2', status: 'open', lastSeen: '2026-11-19T11:00:00Z', subject: 'a' }),
  ];

  it('puts open incidents first, then acknowledged, then resolved, most recent first in each', () => {
    expect(selectIncidents(all, {}).map((i) => i.id)).toEqual(['O2', 'O1', 'A', 'R']);
  });

  it('filters by state, decoy and time of last activity', () => {
    expect(selectIncidents(all, { state: 'open' }).map((i) => i.id)).toEqual(['O2', 'O1']);
    expect(selectIncidents(all, { decoy: 'a' }).map((i) => i.id)).toEqual(['O2', 'A', 'R']);
    expect(selectIncidents(all, { since: '2026-11-19T12:00:00Z' }).map((i) => i.id)).toEqual(['A', 'R']);
  });

  it('says so when nothing matches', () => {
    expect(formatList([])).toBe('No incidents match.\n');
  });
});

describe('checkTransition', () => {
  it('acknowledges only open incidents and resolves open or acknowledged ones', () => {
    expect(checkTransition(incident({ status: 'open' }), 'ack')).toBe('acknowledged');
    expect(checkTransition(incident({ status: 'open' }), 'resolve')).toBe('resolved');
    expect(checkTransition(incident({ status: 'acknowledged' }), 'resolve')).toBe('resolved');
  });

  it('refuses the rest, saying who put it in that state', () => {
    const acked = incident({ id: 'HT-1', status: 'acknowledged', statusBy: 'alice', statusAt: 't' });
    expect(() => checkTransition(acked, 'ack')).toThrow('HT-1 is already acknowledged by alice at t');
    const resolved = incident({ id: 'HT-2', status: 'resolved' });
    expect(() => checkTransition(resolved, 'ack')).toThrow(
      /already resolved; it cannot be acknowledged \(new activity/,
    );
    expect(() => checkTransition(resolved, 'resolve')).toThrow(CaseInputError);
  });
});

describe('CSV', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+cmd', "'+cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
  ])('puts an apostrophe before a formula-looking cell %p', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('quotes cells with commas, quotes or line breaks, after neutralising them', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
    expect(csvCell('line\r\nbreak')).toBe('"line\r\nbreak"');
  });

  it('keeps our own numbers as numbers, negative ones included, and leaves missing cells empty', () => {
    expect(csvLine([-3, 0.96, undefined, 'ok'])).toBe('-3,0.96,,ok');
  });
});

describe('escalationText', () => {
  it('names what is new only when the kind does not already say it', () => {
    expect(escalationText({ kind: 'first-write', detail: 'first-write' })).toBe('first-write');
    expect(escalationText({ kind: 'new-tool', detail: 'Pacu\nFAKE' })).toBe('new-tool: Pacu FAKE');
  });
});
