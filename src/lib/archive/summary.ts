import type { CloudTrailRecord } from '../cloudtrail/schema.ts';
import { matchUse } from '../decoys/match.ts';
import type { Registry } from '../decoys/registry.ts';
import type { Detection } from '../detect/detection.ts';
import type { BehaviourFacts } from '../enrich/behaviour.ts';
import { behaviourFromIncident } from '../incidents/behaviour.ts';
import { decoyScope, type IncidentState, scopeOf } from '../incidents/model.ts';
import { makeIncidentTracker } from '../incidents/tracker.ts';
import type { Passed } from './inputs.ts';
import { addTally, emptyTally, type ScanTally } from './scan.ts';

/** Every file and record the run saw, by what became of it: nothing is dropped uncounted. */
export interface RunCounts {
  files: { read: number; skipped: number; failed: number; digests: number };
  records: ScanTally;
  detections: number;
  /** Records with at least one detection. */
  hits: number;
}

export interface IncidentSummary {
  incident: IncidentState;
  /** Behaviour over the whole incident, as the deployed path computes it at the incident's last call. */
  behaviour?: BehaviourFacts;
}

/** Invalid entries shown in the closing summary; the rest are counted. */
const INVALID_SHOWN = 200;

/**
 * What the closing summary needs, and nothing else: counts, the incident aggregates (grouped by
 * the shared incident model, exactly as the deployed path groups them), and the first invalid
 * entries. Detections are tracked in input order, as the deployed path sees them arrive.
 */
export function makeRunSummary(registry: Registry, options: { quietSeconds?: number } = {}) {
  const tracker = makeIncidentTracker(
    options.quietSeconds === undefined ? {} : { quietSeconds: options.quietSeconds },
  );
  const behaviour = new Map<string, BehaviourFacts>();
  const counts: RunCounts = {
    files: { read: 0, skipped: 0, failed: 0, digests: 0 },
    records: emptyTally(),
    detections: 0,
    hits: 0,
  };
  const invalid: Passed[] = [];
  const failed: Passed[] = [];

  return {
    counts,
    invalid,
    failed,
    skipped(entry: Passed): void {
      counts.files.skipped += 1;
      if (entry.reason === 'CloudTrail digest file') counts.files.digests += 1;
    },
    failedInput(entry: Passed): void {
      counts.files.failed += 1;
      failed.push(entry);
    },
    read(tally: ScanTally, newFile = true): void {
      if (newFile) counts.files.read += 1;
      addTally(counts.records, tally);
    },
    invalidEntry(entry: Passed): void {
      if (invalid.length < INVALID_SHOWN) invalid.push(entry);
    },
    /** Counts one record's detections. */
    detections(list: readonly Detection[]): void {
      if (list.length === 0) return;
      counts.hits += 1;
      counts.detections += list.length;
    },
    /** Feeds the incident grouping; call in event-time order. */
    track(list: readonly Detection[]): void {
      for (const detection of list) {
        const scope = scopeOf(detection);
        const open = tracker.current(scope);
        const facts = behaviourFromIncident(open, {
          time: Date.parse(detection.event.time),
          eventSource: detection.event.source,
          eventName: detection.event.name,
          sourceIp: detection.actor.sourceIp,
        });
        const { incidentId } = tracker.add(detection);
        // A call that opens a new incident (after a quiet period) has no behaviour of its own yet.
        if (facts && open?.id === incidentId) behaviour.set(incidentId, facts);
      }
    },
    /** The behaviour the deployed path would compute for this call from the decoy's open incident. */
    behaviourFor(record: CloudTrailRecord): BehaviourFacts | undefined {
      const match = matchUse(record, registry);
      if (!match) return undefined;
      return behaviourFromIncident(tracker.current(decoyScope(match.decoy)), {
        time: Date.parse(record.eventTime),
        eventSource: record.eventSource,
        eventName: record.eventName,
        sourceIp: record.sourceIPAddress ?? '',
      });
    },
    incidents(): IncidentSummary[] {
      return tracker.summaries().map((incident) => {
        const facts = behaviour.get(incident.id);
        return facts ? { incident, behaviour: facts } : { incident };
      });
    },
  };
}

export type RunSummary = ReturnType<typeof makeRunSummary>;
