import type { Detection } from '../detect/detection.ts';
import { INCIDENT_DEFAULTS, type IncidentState, scopeOf } from './model.ts';
import { applyOps, type Bag } from './ops.ts';
import { type MailReason, planDetection } from './plan.ts';
import { incidentFromBag } from './view.ts';

export interface TrackerOptions {
  quietSeconds?: number;
  digestSeconds?: number;
}

export interface TrackedDetection {
  incidentId: string;
  /** What the deployed path would do with it: mail it (and why) or hold it back. */
  mail?: MailReason;
  duplicate: boolean;
}

/**
 * Incidents in memory, grouped exactly as the deployed path groups them (the same plan and ops).
 * Feed detections in event-time order; `current(scope)` gives the aggregate a new call joins.
 */
export function makeIncidentTracker(options: TrackerOptions = {}) {
  const quietSeconds = options.quietSeconds ?? INCIDENT_DEFAULTS.quietSeconds;
  const digestSeconds = options.digestSeconds ?? INCIDENT_DEFAULTS.digestSeconds;
  const open = new Map<string, Bag>();
  const closed: Bag[] = [];
  // Archives repeat records (overlapping exports, re-delivered files): the store's record key dedupes online.
  const seen = new Set<string>();
  const current = (scope: string): IncidentState | undefined => {
    const bag = open.get(scope);
    return bag ? incidentFromBag(bag) : undefined;
  };
  return {
    current,
    add(detection: Detection): TrackedDetection {
      const scope = scopeOf(detection);
      if (seen.has(detection.id)) return { incidentId: current(scope)?.id ?? '', duplicate: true };
      seen.add(detection.id);
      const bag = open.get(scope);
      const state = bag ? incidentFromBag(bag) : undefined;
      const plan = planDetection(state, detection, { quietSeconds, digestSeconds, now: 0 });
      if (plan.resumed) return { incidentId: plan.incidentId, duplicate: true };
      if (plan.action === 'late') return { incidentId: plan.incidentId, duplicate: false, mail: 'always' };
      if (plan.action === 'join' && bag) open.set(scope, applyOps(bag, plan.ops));
      else {
        if (bag) closed.push(bag);
        open.set(scope, applyOps({}, plan.ops));
      }
      return { incidentId: plan.incidentId, duplicate: false, ...(plan.mail ? { mail: plan.mail } : {}) };
    },
    /** Every incident so far, oldest first. */
    summaries(): IncidentState[] {
      return [...closed, ...open.values()]
        .map(incidentFromBag)
        .sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.id.localeCompare(b.id));
    },
  };
}

export type IncidentTracker = ReturnType<typeof makeIncidentTracker>;
