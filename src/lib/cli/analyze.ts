import { type CloudTrailRecord, parseEnvelope, parseRecord } from '../cloudtrail/schema.ts';
import type { Registry } from '../decoys/registry.ts';
import type { Detection } from '../detect/detection.ts';
import { analyzeRecord, type Rule } from '../detect/rules.ts';
import type { Actor } from '../enrich/types.ts';
import { EventValidationError } from '../errors.ts';
import { cleanText } from '../text.ts';
import type { InputEntry } from './read.ts';

/** The `detections[]` items of `honeytrail analyze --json`. Part of the CLI's output contract. */
export interface DetectionSummary {
  kind: Detection['kind'];
  severity: Detection['severity'];
  category: string;
  decoy?: string;
  title: string;
}

/** The `actor` object of `honeytrail analyze --json`. Optional fields appear only when known. */
export interface ActorSummary {
  sourceIp: string;
  userAgent: string;
  tool?: string;
  /** The SDK or client family from the userAgent (aws-cli v2, boto3, ...), when it is not a known tool. */
  client?: string;
  pentestDistro?: string;
  verdict: Actor['verdict'];
  confidence: number;
  reasons: string[];
  ipKind: Actor['ipKind'];
  asn?: number;
  asOrg?: string;
  country?: string;
  network?: Actor['network'];
  provider?: string;
}

export interface ValidResult {
  source: string;
  valid: true;
  eventId: string;
  eventName: string;
  eventSource: string;
  detections: DetectionSummary[];
  actor: ActorSummary;
}

export interface InvalidResult {
  source: string;
  valid: false;
  error: string;
}

export type AnalyzeResult = ValidResult | InvalidResult;

/** An EventBridge delivery carries `detail`/`detail-type`; anything else is taken as a bare record. */
function looksLikeEnvelope(value: unknown): boolean {
  return typeof value === 'object' && value !== null && ('detail-type' in value || 'detail' in value);
}

/** Validates an input value as an EventBridge envelope or a bare CloudTrail record. */
export function toRecord(value: unknown): CloudTrailRecord {
  return looksLikeEnvelope(value) ? parseEnvelope(value).detail : parseRecord(value);
}

function summarizeActor(actor: Actor): ActorSummary {
  const summary: ActorSummary = {
    sourceIp: actor.sourceIp,
    userAgent: actor.userAgent,
    ...(actor.tool ? { tool: actor.tool } : {}),
    verdict: actor.verdict,
    confidence: actor.confidence,
    reasons: actor.reasons,
    ipKind: actor.ipKind,
  };
  if (actor.uaFamily) summary.client = actor.uaFamily;
  if (actor.pentestDistro) summary.pentestDistro = actor.pentestDistro;
  if (actor.asn !== undefined) summary.asn = actor.asn;
  if (actor.asOrg) summary.asOrg = actor.asOrg;
  if (actor.country) summary.country = actor.country;
  if (actor.network) summary.network = actor.network;
  if (actor.provider) summary.provider = actor.provider;
  return summary;
}

function summarizeDetection(detection: Detection): DetectionSummary {
  return {
    kind: detection.kind,
    severity: detection.severity,
    category: detection.category,
    ...(detection.decoy ? { decoy: detection.decoy.userName } : {}),
    title: detection.title,
  };
}

/** Runs the same pure analysis as the handlers on one input entry. Never throws for bad input. */
export function analyzeEntry(entry: InputEntry, registry: Registry, rules: readonly Rule[]): AnalyzeResult {
  const source = cleanText(entry.source, 1024);
  if ('error' in entry) return { source, valid: false, error: cleanText(entry.error, 500) };
  let record: CloudTrailRecord;
  try {
    record = toRecord(entry.value);
  } catch (cause) {
    if (!(cause instanceof EventValidationError)) throw cause;
    return { source, valid: false, error: cleanText(cause.message, 500) };
  }
  const { actor, detections } = analyzeRecord(record, { registry }, rules);
  return {
    source,
    valid: true,
    eventId: cleanText(record.eventID, 128),
    eventName: cleanText(record.eventName, 128),
    eventSource: cleanText(record.eventSource, 128),
    detections: detections.map(summarizeDetection),
    actor: summarizeActor(actor),
  };
}
