import type { BehaviourFacts, CallEvent } from '../enrich/behaviour.ts';
import type { IncidentState } from './model.ts';
import { stripApiVersion } from './model.ts';

/**
 * Behaviour signals from the incident aggregate plus the current call: the same facts the verdict
 * used to compute from a history query, now at a constant cost however long the attack runs. The
 * median gap becomes the mean gap, and the sweep is the busiest one-minute window seen so far.
 */
export function behaviourFromIncident(
  state: IncidentState | undefined,
  current: CallEvent,
): BehaviourFacts | undefined {
  if (!state || state.calls === 0 || !Number.isFinite(current.time)) return undefined;
  const first = Math.min(Date.parse(state.firstSeen), current.time);
  const last = Math.max(Date.parse(state.lastSeen), current.time);
  const calls = state.calls + 1;
  const call = `${current.eventSource.replace('.amazonaws.com', '')}:${stripApiVersion(current.eventName)}`;
  const inBurst = current.time >= state.burstStart && current.time - state.burstStart < 60_000;
  const burstCalls = inBurst ? state.burstCalls + 1 : 1;
  const burstNames = inBurst ? new Set([...state.burstNames, call]) : new Set([call]);
  const sweepNames = Math.max(state.peakSweep, burstNames.size);
  const services = new Set([...burstNames].map((name) => name.split(':')[0]));
  const ips = new Set(state.ips);
  if (current.sourceIp) ips.add(current.sourceIp);
  const names = new Set([...Object.keys(state.callCounts), call]);
  const facts: BehaviourFacts = {
    calls,
    spanMs: last - first,
    peakPerWindow: Math.max(state.peakPerMinute, burstCalls),
    sweep: {
      names: sweepNames,
      services: services.size,
      spanMs: inBurst ? current.time - state.burstStart : 0,
    },
    distinctIps: Math.max(state.ipCount, ips.size),
    medianGapMs: Math.round((last - first) / (calls - 1)),
    sinceFirstMs: last - first,
  };
  const days = new Set([...state.days, new Date(current.time).toISOString().slice(0, 10)]);
  if (names.size === 1 && (facts.spanMs >= 60 * 60_000 || days.size > 1)) {
    facts.recheck = { eventName: stripApiVersion(current.eventName), days: days.size };
  }
  return facts;
}
