import type { DecoyRef, DetectionKind } from '../detect/detection.ts';
import type { Verdict } from '../enrich/types.ts';
import {
  type DigestSnapshot,
  type Escalation,
  estimateDistinct,
  INCIDENT_DEFAULTS,
  type IncidentState,
  type IncidentStatus,
  type SinceMail,
} from './model.ts';
import { type Bag, num, nums, str, strs } from './ops.ts';

const VERDICTS: readonly Verdict[] = ['automated', 'human', 'unknown'];

function verdictsFrom(bag: Bag, prefix: string): Partial<Record<Verdict, number>> {
  const out: Partial<Record<Verdict, number>> = {};
  for (const verdict of VERDICTS) {
    const n = num(bag, `${prefix}${verdict}`);
    if (n) out[verdict] = n;
  }
  return out;
}

function parseJson<T>(text: string | undefined): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function prefixed<T>(
  bag: Bag,
  prefix: string,
  pick: (value: Bag[string]) => T | undefined,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [name, value] of Object.entries(bag)) {
    if (!name.startsWith(prefix)) continue;
    const picked = pick(value);
    if (picked !== undefined) out[name.slice(prefix.length)] = picked;
  }
  return out;
}

export function sinceMailOf(bag: Bag): SinceMail {
  return {
    calls: num(bag, 'sm:calls'),
    denied: num(bag, 'sm:denied'),
    ips: strs(bag, 'sm:ips'),
    asns: nums(bag, 'sm:asns'),
    countries: strs(bag, 'sm:countries'),
    verdicts: verdictsFrom(bag, 'sm:v:'),
  };
}

/** Reads the flat aggregate into the typed incident. Unknown or missing attributes read as empty. */
export function incidentFromBag(bag: Bag): IncidentState {
  const ips = strs(bag, 'ips');
  const buckets = nums(bag, 'ipb').length;
  const state: IncidentState = {
    id: str(bag, 'id') ?? '',
    scope: str(bag, 'scope') ?? '',
    subject: str(bag, 'subject') ?? '',
    openedKind: (str(bag, 'openedKind') ?? 'use') as DetectionKind,
    openedBy: str(bag, 'openedBy') ?? '',
    firstSeen: str(bag, 'firstSeen') ?? '',
    lastSeen: str(bag, 'lastSeen') ?? '',
    calls: num(bag, 'calls'),
    denied: num(bag, 'denied'),
    succeeded: num(bag, 'succeeded'),
    held: num(bag, 'held'),
    writes: num(bag, 'writes'),
    ips,
    ipCount:
      ips.length < INCIDENT_DEFAULTS.exactIps ? ips.length : Math.max(ips.length, estimateDistinct(buckets)),
    asns: nums(bag, 'asns'),
    countries: strs(bag, 'countries'),
    tools: strs(bag, 'tools'),
    distros: strs(bag, 'distros'),
    networks: strs(bag, 'nets'),
    categories: strs(bag, 'cats'),
    days: strs(bag, 'days'),
    verdicts: verdictsFrom(bag, 'v:'),
    callCounts: prefixed(bag, 'c:', (v) => (typeof v === 'number' ? v : undefined)),
    burstStart: num(bag, 'burstStart'),
    burstCalls: num(bag, 'burstCalls'),
    burstNames: strs(bag, 'burstNames'),
    peakPerMinute: num(bag, 'peakPerMinute'),
    peakSweep: num(bag, 'peakSweep'),
    claims: prefixed(bag, 'x:', (v) => (typeof v === 'string' ? v : undefined)),
    locks: prefixed(bag, 'l:', (v) => (typeof v === 'number' ? v : undefined)),
    escalations: strs(bag, 'esc')
      .flatMap((text) => parseJson<Escalation>(text) ?? [])
      .sort((a, b) => a.time.localeCompare(b.time)),
    mails: num(bag, 'mails'),
    since: sinceMailOf(bag),
    status: (str(bag, 'status') ?? 'open') as IncidentStatus,
  };
  const decoy = parseJson<DecoyRef>(str(bag, 'decoy'));
  if (decoy) state.decoy = decoy;
  const optional = ['lastMailAt', 'lastMailBy', 'statusBy', 'statusAt', 'statusNote'] as const;
  for (const name of optional) {
    const value = str(bag, name);
    if (value) state[name] = value;
  }
  const digest = parseJson<DigestSnapshot>(str(bag, 'lastDigest'));
  if (digest) state.lastDigest = digest;
  return state;
}

export function topCalls(
  state: Pick<IncidentState, 'callCounts'>,
  limit = 5,
): { call: string; count: number }[] {
  return Object.entries(state.callCounts)
    .map(([call, count]) => ({ call, count }))
    .sort((a, b) => b.count - a.count || a.call.localeCompare(b.call))
    .slice(0, limit);
}

/** The verdict most calls got, for summaries. */
export function leadingVerdict(verdicts: Partial<Record<Verdict, number>>): Verdict | undefined {
  let best: Verdict | undefined;
  for (const verdict of VERDICTS) {
    if ((verdicts[verdict] ?? 0) > (best ? (verdicts[best] ?? 0) : 0)) best = verdict;
  }
  return best;
}
