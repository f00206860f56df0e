import type { CloudTrail, TrailState } from '../aws/cloudtrail.ts';
import type { EventBridge } from '../aws/eventbridge.ts';
import type { Iam } from '../aws/iam.ts';
import type { Registry } from '../decoys/registry.ts';
import type { Detection } from '../detect/detection.ts';
import type { TorRefresh } from '../enrich/tor-refresh.ts';
import { type DeliverDeps, type DeliveryOutcome, deliver } from '../pipeline/deliver.ts';
import type { AuditStore, AuditSummary } from '../store/audit.ts';
import { DEFAULT_LAST_USED, type DecoyObservation, lastUsedFindings, postureFindings } from './checks.ts';
import { type Finding, findingDetection } from './finding.ts';
import { ruleFindings, trailFindings } from './infra.ts';

export interface AuditDeps {
  registry: Registry;
  iam: Pick<Iam, 'userPosture' | 'accessKeyLastUsed'>;
  cloudTrail: CloudTrail;
  eventBridge: Pick<EventBridge, 'describeRule'>;
  /** Newest sighting of a decoy's key; undefined skips the last-used check (no store reachable). */
  sightings?: Pick<AuditStore, 'lastSighting'>;
  /** The account the IAM client speaks for; decoys elsewhere are skipped and listed. */
  accountId: string;
  region: string;
  trailName?: string;
  ruleNames: string[];
  now: () => Date;
}

export interface AuditReport {
  runAt: string;
  findings: Finding[];
  decoysChecked: number;
  skipped: string[];
  notes: string[];
}

/** Reads IAM, CloudTrail and EventBridge, then computes findings with the pure checks. Writes nothing. */
export async function collectAudit(deps: AuditDeps): Promise<AuditReport> {
  const runAt = deps.now().toISOString();
  const findings: Finding[] = [];
  const notes: string[] = [];
  const skipped: string[] = [];
  let decoysChecked = 0;
  if (!deps.sightings) notes.push('last-used check skipped: no detection store (set TABLE_NAME)');
  // One decoy at a time: IAM throttles hard, and an hourly run has time to spare.
  for (const decoy of deps.registry.decoys) {
    if (decoy.accountId !== deps.accountId) {
      skipped.push(`${decoy.accountId}/${decoy.userName}`);
      continue;
    }
    decoysChecked += 1;
    const posture = await deps.iam.userPosture(decoy.userName);
    findings.push(...postureFindings(decoy, posture));
    if (!posture || !deps.sightings) continue;
    const observation: DecoyObservation = {
      decoy,
      posture,
      lastUsed: await Promise.all(
        posture.accessKeys.map((key) => deps.iam.accessKeyLastUsed(key.accessKeyId)),
      ),
      lastSeen: await deps.sightings.lastSighting(decoy.accountId, decoy.userName),
    };
    findings.push(...lastUsedFindings(observation, { ...DEFAULT_LAST_USED, now: runAt }));
  }
  if (skipped.length > 0)
    notes.push(`skipped ${skipped.length} decoy(s) in other accounts: ${skipped.join(', ')}`);

  const listed = await deps.cloudTrail.listTrails();
  const candidates = deps.trailName
    ? listed.filter((trail) => trail.name === deps.trailName || trail.arn === deps.trailName)
    : listed.filter((trail) => trail.multiRegion);
  const states: TrailState[] = [];
  for (const trail of candidates) states.push(await deps.cloudTrail.trailState(trail));
  findings.push(...trailFindings(states, deps.trailName, listed));

  if (deps.ruleNames.length === 0) notes.push('rule check skipped: HONEYTRAIL_RULE_NAMES is empty');
  const rules = [];
  for (const name of deps.ruleNames) rules.push(await deps.eventBridge.describeRule(name));
  findings.push(...ruleFindings(rules));
  return { runAt, findings, decoysChecked, skipped, notes };
}

export interface ScheduledAuditDeps extends AuditDeps {
  auditStore: Pick<AuditStore, 'latestSummary' | 'saveSummary'>;
  deliver: DeliverDeps;
  /** The weekly Tor exit list refresh (a no-op while the stored list is less than a week old). */
  refreshTor?: () => Promise<TorRefresh>;
}

export interface ScheduledAuditResult {
  summary: AuditSummary;
  notes: string[];
  detections: { id: string; category: string; outcome: DeliveryOutcome }[];
}

/**
 * The hourly audit. Findings still open since the last run keep their first-seen time and so their
 * detection id: `deliver()` then stores and alerts each drift exactly once. The summary is saved
 * before delivery, so a failed run retried later reuses the same ids instead of alerting twice.
 */
export async function runScheduledAudit(deps: ScheduledAuditDeps): Promise<ScheduledAuditResult> {
  const report = await collectAudit(deps);
  const previous = (await deps.auditStore.latestSummary())?.open ?? {};
  const open: Record<string, string> = {};
  const detections: Detection[] = [];
  for (const finding of report.findings) {
    const openedAt = previous[finding.key] ?? open[finding.key] ?? report.runAt;
    if (!finding.time) open[finding.key] = openedAt;
    detections.push(findingDetection(finding, openedAt, deps.region));
  }
  const summary: AuditSummary = {
    runAt: report.runAt,
    accountId: deps.accountId,
    region: deps.region,
    decoysChecked: report.decoysChecked,
    skipped: report.skipped,
    findings: report.findings.length,
    open,
  };
  await deps.auditStore.saveSummary(summary);
  const results: ScheduledAuditResult['detections'] = [];
  for (const detection of detections) {
    results.push({
      id: detection.id,
      category: detection.category,
      outcome: (await deliver(detection, deps.deliver)).outcome,
    });
  }
  const notes = [...report.notes];
  if (deps.refreshTor) {
    const tor = await deps
      .refreshTor()
      .catch(
        (error: unknown): TorRefresh => ({ status: 'failed', reason: String(error), fallback: 'unchanged' }),
      );
    notes.push(
      tor.status === 'failed'
        ? `Tor exit list not refreshed (${tor.reason}); ${tor.fallback}`
        : `Tor exit list ${tor.status}: ${tor.count} addresses fetched ${tor.fetchedAt}`,
    );
  }
  return { summary, notes, detections: results };
}
