import type { HistoryEntry } from './types.ts';

/** Thresholds for the behavioural rules; one place to tune them. */
export const BEHAVIOUR = {
  /** Window for the sweep and burst rules. */
  windowMs: 60_000,
  /** Distinct event names in the window that make an enumeration sweep. */
  sweepNames: 8,
  /** Calls per minute that no person types. */
  burstPerMinute: 20,
  /** Distinct source IPs across the history that suggest rotation or a botnet. */
  manyIps: 3,
  /** A person pauses between calls: median gap bounds for "manual pace". */
  manualGapMinMs: 4_000,
  manualGapMaxMs: 15 * 60_000,
  /** Repeated key checks: the same call again after at least this long. */
  recheckGapMs: 60 * 60_000,
} as const;

export interface CallEvent {
  time: number;
  eventSource: string;
  eventName: string;
  sourceIp: string;
}

export interface BehaviourFacts {
  calls: number;
  spanMs: number;
  /** Largest number of calls inside any window. */
  peakPerWindow: number;
  /** Largest number of distinct event names and services inside any window, and that window's span. */
  sweep: { names: number; services: number; spanMs: number };
  distinctIps: number;
  medianGapMs?: number;
  /** Distinct days on which the same single call (e.g. GetCallerIdentity) recurred. */
  recheck?: { eventName: string; days: number };
  sinceFirstMs: number;
}

const HISTORY_CAP = 2000;

/** History plus the current call, sorted, with unparseable times dropped. */
export function timeline(history: readonly HistoryEntry[], current: CallEvent | undefined): CallEvent[] {
  const out: CallEvent[] = [];
  for (const h of history.slice(-HISTORY_CAP)) {
    const time = Date.parse(h.eventTime);
    if (Number.isFinite(time))
      out.push({ time, eventSource: h.eventSource, eventName: h.eventName, sourceIp: h.sourceIp });
  }
  if (current && Number.isFinite(current.time)) out.push(current);
  return out.sort((a, b) => a.time - b.time);
}

export function behaviourOf(events: readonly CallEvent[]): BehaviourFacts | undefined {
  const first = events[0];
  const last = events[events.length - 1];
  if (!first || !last || events.length < 2) return undefined;
  let peak = 0;
  let sweep = { names: 0, services: 0, spanMs: 0 };
  let lo = 0;
  const names = new Map<string, number>();
  const services = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string, d: number): void => {
    const n = (m.get(k) ?? 0) + d;
    if (n) m.set(k, n);
    else m.delete(k);
  };
  for (let hi = 0; hi < events.length; hi++) {
    const e = events[hi] as CallEvent;
    bump(names, `${e.eventSource}:${e.eventName}`, 1);
    bump(services, e.eventSource, 1);
    while ((events[lo] as CallEvent).time < e.time - BEHAVIOUR.windowMs) {
      const old = events[lo] as CallEvent;
      bump(names, `${old.eventSource}:${old.eventName}`, -1);
      bump(services, old.eventSource, -1);
      lo++;
    }
    peak = Math.max(peak, hi - lo + 1);
    if (names.size > sweep.names) {
      sweep = { names: names.size, services: services.size, spanMs: e.time - (events[lo] as CallEvent).time };
    }
  }
  const gaps: number[] = [];
  for (let i = 1; i < events.length; i++)
    gaps.push((events[i] as CallEvent).time - (events[i - 1] as CallEvent).time);
  gaps.sort((a, b) => a - b);
  const facts: BehaviourFacts = {
    calls: events.length,
    spanMs: last.time - first.time,
    peakPerWindow: peak,
    sweep,
    distinctIps: new Set(events.map((e) => e.sourceIp).filter(Boolean)).size,
    sinceFirstMs: last.time - first.time,
  };
  const median = gaps[Math.floor(gaps.length / 2)];
  if (median !== undefined) facts.medianGapMs = median;
  const distinctNames = new Set(events.map((e) => e.eventName));
  if (distinctNames.size === 1 && facts.spanMs >= BEHAVIOUR.recheckGapMs) {
    const days = new Set(events.map((e) => new Date(e.time).toISOString().slice(0, 10))).size;
    facts.recheck = { eventName: first.eventName, days };
  }
  return facts;
}

/** "20 s", "4 min", "3 h", "2 days": short enough for a reason sentence. */
export function span(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}
