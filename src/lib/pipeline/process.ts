import type { CloudTrailRecord } from '../cloudtrail/schema.ts';
import { matchUse } from '../decoys/match.ts';
import type { Detection } from '../detect/detection.ts';
import { analyzeRecord, type Rule, type RuleContext } from '../detect/rules.ts';
import type { HistoryEntry } from '../enrich/types.ts';
import type { Store } from '../store/dynamo.ts';
import { type DeliverDeps, type DeliveryOutcome, deliver } from './deliver.ts';

export interface ProcessDeps extends DeliverDeps {
  store: DeliverDeps['store'] & Pick<Store, 'decoyHistory'>;
  context: RuleContext;
  rules: readonly Rule[];
  historyMinutes: number;
}

export interface ProcessResult {
  eventId: string;
  detections: {
    id: string;
    kind: Detection['kind'];
    severity: Detection['severity'];
    outcome: DeliveryOutcome;
  }[];
}

async function historyFor(record: CloudTrailRecord, deps: ProcessDeps): Promise<HistoryEntry[]> {
  const match = matchUse(record, deps.context.registry);
  if (!match) return [];
  const until = new Date(record.eventTime);
  const since = new Date(until.getTime() - deps.historyMinutes * 60_000);
  const entries = await deps.store.decoyHistory(
    match.decoy.accountId,
    match.decoy.userName,
    since.toISOString().replace('.000Z', 'Z'),
    record.eventTime,
  );
  return entries.filter((entry) => entry.eventTime <= record.eventTime);
}

/** One CloudTrail record through detection, storage and alerting. */
export async function processRecord(record: CloudTrailRecord, deps: ProcessDeps): Promise<ProcessResult> {
  const history = await historyFor(record, deps);
  const { detections } = analyzeRecord(record, deps.context, deps.rules, history);
  const results: ProcessResult['detections'] = [];
  for (const detection of detections) {
    const outcome = await deliver(detection, deps);
    results.push({ id: detection.id, kind: detection.kind, severity: detection.severity, outcome });
  }
  return { eventId: record.eventID, detections: results };
}
