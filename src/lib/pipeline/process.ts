import type { CloudTrailRecord } from '../cloudtrail/schema.ts';
import { matchUse } from '../decoys/match.ts';
import type { Detection } from '../detect/detection.ts';
import { analyzeRecord, type Rule, type RuleContext } from '../detect/rules.ts';
import { behaviourFromIncident } from '../incidents/behaviour.ts';
import { decoyScope, INCIDENT_DEFAULTS } from '../incidents/model.ts';
import { type DeliverDeps, type DeliveryOutcome, deliver, type Prefetched } from './deliver.ts';

export interface ProcessDeps extends DeliverDeps {
  context: RuleContext;
  rules: readonly Rule[];
  /** Refreshes per-container data (the stored Tor exit list) at most as often as it changes. */
  beforeRecord?: () => Promise<void>;
}

export interface ProcessResult {
  eventId: string;
  detections: {
    id: string;
    kind: Detection['kind'];
    severity: Detection['severity'];
    incidentId?: string;
    outcome: DeliveryOutcome;
  }[];
}

/**
 * The decoy's open incident, read once: it feeds the behaviour signals and the delivery. In a storm the
 * container's own copy from its last update serves instead of a read (see `deliver`).
 */
async function prefetch(
  record: CloudTrailRecord,
  deps: ProcessDeps,
): Promise<[string, Prefetched] | undefined> {
  const match = matchUse(record, deps.context.registry);
  if (!match) return undefined;
  const scope = decoyScope(match.decoy);
  const copy = deps.store.incidents.remembered(scope, INCIDENT_DEFAULTS.rememberSeconds * 1000);
  if (copy) return [scope, { incident: copy.incident, fresh: false }];
  try {
    return [scope, { incident: await deps.store.incidents.current(scope), fresh: true }];
  } catch {
    return [scope, 'unavailable'];
  }
}

/** One CloudTrail record through detection, its incident, storage and alerting. */
export async function processRecord(record: CloudTrailRecord, deps: ProcessDeps): Promise<ProcessResult> {
  await deps.beforeRecord?.();
  const known = await prefetch(record, deps);
  const incident = known && known[1] !== 'unavailable' ? known[1].incident?.state : undefined;
  const behaviour = behaviourFromIncident(incident, {
    time: Date.parse(record.eventTime),
    eventSource: record.eventSource,
    eventName: record.eventName,
    sourceIp: record.sourceIPAddress ?? '',
  });
  const { detections } = analyzeRecord(record, deps.context, deps.rules, [], behaviour);
  const results: ProcessResult['detections'] = [];
  let failure: unknown;
  for (const detection of detections) {
    const scope = known && detection.decoy && detection.kind === 'use' ? known : undefined;
    try {
      const { outcome, incidentId } = await deliver(detection, deps, scope?.[1]);
      results.push({
        id: detection.id,
        kind: detection.kind,
        severity: detection.severity,
        outcome,
        ...(incidentId ? { incidentId } : {}),
      });
    } catch (error) {
      // Deliver every detection of the record before failing, so one failure delays none of the others.
      failure ??= error;
    }
  }
  if (failure) throw failure;
  return { eventId: record.eventID, detections: results };
}
