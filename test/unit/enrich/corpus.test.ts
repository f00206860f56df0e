import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { makeEnricher } from '../../../src/lib/enrich/index.ts';
import type { Actor, HistoryEntry } from '../../../src/lib/enrich/types.ts';
import { fakeIpData } from './fake-ipdata.ts';

interface UaEntry {
  ua: string;
  repeat?: number;
  expect: { verdict: string; family?: string; tool?: string };
  context?: { accessKeyId?: string; identityType?: string; sessionCredentialFromConsole?: string };
  source: string;
  note?: string;
  added?: string;
}

interface Sequence {
  name: string;
  userAgent: string;
  accessKeyId: string;
  events: HistoryEntry[];
  expect: { verdict: string; escalate?: boolean };
  source: string;
}

const corpusDir = new URL('../../corpus/', import.meta.url);
const uaCorpus = JSON.parse(readFileSync(new URL('useragents.json', corpusDir), 'utf8')) as {
  /** Accuracy on the strings of one batch, measured with the classifier as it was before the batch. */
  baseline: { added: string; classifier: string; correct: number; total: number };
  entries: UaEntry[];
};
const seqCorpus = JSON.parse(readFileSync(new URL('sequences.json', corpusDir), 'utf8')) as {
  sequences: Sequence[];
};
const data = fakeIpData();
const enrich = makeEnricher({ ipData: () => ({ ok: true, data }) });

function uaMismatches(entry: UaEntry, actor: Actor): string[] {
  const out: string[] = [];
  if (actor.verdict !== entry.expect.verdict) out.push(`verdict ${actor.verdict} != ${entry.expect.verdict}`);
  if (entry.expect.family && actor.uaFamily !== entry.expect.family)
    out.push(`family ${actor.uaFamily} != ${entry.expect.family}`);
  if (entry.expect.tool && actor.tool !== entry.expect.tool)
    out.push(`tool ${actor.tool} != ${entry.expect.tool}`);
  return out;
}

describe('labelled corpus', () => {
  it('has at least 250 userAgents, each with a source, and at least 10 sequences', () => {
    expect(uaCorpus.entries.length).toBeGreaterThanOrEqual(250);
    // Each added string is new to the corpus.
    const added = uaCorpus.entries.filter((e) => e.added);
    const earlier = new Set(uaCorpus.entries.filter((e) => !e.added).map((e) => e.ua));
    expect(added.filter((e) => earlier.has(e.ua))).toEqual([]);
    expect(new Set(added.map((e) => e.ua)).size).toBe(added.length);
    expect(uaCorpus.entries.every((e) => e.source.length > 5)).toBe(true);
    expect(seqCorpus.sequences.length).toBeGreaterThanOrEqual(10);
  });

  it('classifies the userAgent corpus with at least 95% accuracy (verdict, family and tool)', () => {
    const misses: string[] = [];
    for (const entry of uaCorpus.entries) {
      const ua = entry.repeat ? entry.ua.repeat(entry.repeat) : entry.ua;
      const actor = enrich({
        userAgent: ua,
        accessKeyId: entry.context?.accessKeyId ?? 'AKIAIOSFODNN7EXAMPLE',
        identityType: entry.context?.identityType,
        sessionCredentialFromConsole: entry.context?.sessionCredentialFromConsole,
        eventSource: 'sts.amazonaws.com',
        eventName: 'GetCallerIdentity',
        eventTime: '2025-06-01T10:00:00Z',
      });
      const wrong = uaMismatches(entry, actor);
      if (wrong.length) misses.push(`${entry.added ?? 'original'} | ${ua.slice(0, 80)}: ${wrong.join(', ')}`);
    }
    const accuracy = 1 - misses.length / uaCorpus.entries.length;
    const { baseline } = uaCorpus;
    const batch = uaCorpus.entries.filter((entry) => entry.added === baseline.added).length;
    const batchMisses = misses.filter((miss) => miss.startsWith(`${baseline.added} |`)).length;
    const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(1)}% (${part}/${whole})`;
    console.log(
      [
        `userAgent corpus accuracy: ${pct(uaCorpus.entries.length - misses.length, uaCorpus.entries.length)}`,
        `strings added in ${baseline.added}: before ${pct(baseline.correct, baseline.total)} with ${baseline.classifier}; now ${pct(batch - batchMisses, batch)}`,
        ...(misses.length ? ['misses:', ...misses] : []),
      ].join('\n'),
    );
    expect(batch).toBe(baseline.total);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('classifies the sequence corpus with at least 95% accuracy (verdict and escalation)', () => {
    const misses: string[] = [];
    for (const seq of seqCorpus.sequences) {
      const last = seq.events[seq.events.length - 1] as HistoryEntry;
      const actor = enrich({
        sourceIPAddress: last.sourceIp,
        userAgent: seq.userAgent,
        accessKeyId: seq.accessKeyId,
        eventSource: last.eventSource,
        eventName: last.eventName,
        eventTime: last.eventTime,
        history: seq.events.slice(0, -1),
      });
      const wrong: string[] = [];
      if (actor.verdict !== seq.expect.verdict)
        wrong.push(`verdict ${actor.verdict} != ${seq.expect.verdict}`);
      if (seq.expect.escalate !== undefined && actor.escalate !== seq.expect.escalate)
        wrong.push(`escalate ${actor.escalate}`);
      if (wrong.length) misses.push(`${seq.name}: ${wrong.join(', ')} [${actor.reasons.join(' | ')}]`);
    }
    const accuracy = 1 - misses.length / seqCorpus.sequences.length;
    console.log(
      `sequence corpus accuracy: ${(accuracy * 100).toFixed(1)}% (${seqCorpus.sequences.length - misses.length}/${seqCorpus.sequences.length})${misses.length ? `\nmisses:\n${misses.join('\n')}` : ''}`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
