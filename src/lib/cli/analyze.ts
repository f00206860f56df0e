import { type CloudTrailRecord, parseEnvelope, parseRecord, recordAccount } from '../cloudtrail/schema.ts';
import type { Registry } from '../decoys/registry.ts';
import type { Detection } from '../detect/detection.ts';
import { analyzeRecord, type DetectorResources, enrichRecord, type Rule } from '../detect/rules.ts';
import type { BehaviourFacts } from '../enrich/behaviour.ts';
import type { Actor, EnrichInput } from '../enrich/types.ts';
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
  /** Added with the streaming analyzer: where and when the call happened, and how it ended. */
  eventTime?: string;
  region?: string;
  accountId?: string;
  accessKeyId?: string;
  errorCode?: string;
  /** Fields detection does not need that were missing or odd, and what was done about them. */
  warnings?: string[];
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

export function summarizeActor(actor: Actor): ActorSummary {
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

/** The contract object for one analysed record. */
export function eventResult(
  source: string,
  record: CloudTrailRecord,
  actor: Actor,
  detections: readonly Detection[],
  warnings: readonly string[] = [],
): ValidResult {
  const result: ValidResult = {
    source: cleanText(source, 1024),
    valid: true,
    eventId: cleanText(record.eventID, 128),
    eventName: cleanText(record.eventName, 128),
    eventSource: cleanText(record.eventSource, 128),
    eventTime: cleanText(record.eventTime, 40),
    region: cleanText(record.awsRegion, 32),
    detections: detections.map(summarizeDetection),
    actor: summarizeActor(actor),
  };
  const account = recordAccount(record);
  if (account) result.accountId = cleanText(account, 32);
  const key = record.userIdentity?.accessKeyId;
  if (key) result.accessKeyId = cleanText(key, 32);
  if (record.errorCode) result.errorCode = cleanText(record.errorCode, 128);
  if (warnings.length > 0) result.warnings = warnings.map((w) => cleanText(w, 200));
  return result;
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
  return eventResult(source, record, actor, detections);
}

/** Rules decide whether they fire from the record alone; the actor only shapes wording and severity. */
const UNSEEN_ACTOR: Actor = {
  sourceIp: '',
  ipKind: 'missing',
  userAgent: '',
  verdict: 'unknown',
  confidence: 0,
  reasons: [],
  escalate: false,
};

export interface AnalyzerDeps {
  registry: Registry;
  rules: readonly Rule[];
  /** honeytrail's own resource names for this record's account, when known. */
  detectorFor?: (record: CloudTrailRecord) => DetectorResources | undefined;
  enrich?: (input: EnrichInput) => Actor;
  /** Behaviour signals from the decoy's open incident, as the deployed path reads them. */
  behaviourFor?: (record: CloudTrailRecord) => BehaviourFacts | undefined;
  /** Whether records without a detection get a result too (`--all`); otherwise they cost nothing. */
  all: boolean;
}

export interface Analysed {
  /** Absent for a record without detections unless `all` is set. */
  result?: ValidResult;
  detections: Detection[];
}

/**
 * The full path for a record that could produce a detection: rules first, and only on a hit
 * enrichment, with the behaviour of the decoy's incident so far (as the deployed path does).
 */
export function makeAnalyzer(deps: AnalyzerDeps) {
  return (source: string, record: CloudTrailRecord, warnings: readonly string[] = []): Analysed => {
    const detector = deps.detectorFor?.(record);
    const context = { registry: deps.registry, ...(detector ? { detector } : {}) };
    const fires = deps.rules.some((rule) => rule(record, context, UNSEEN_ACTOR).length > 0);
    if (!fires) {
      if (!deps.all) return { detections: [] };
      const actor = enrichRecord(record, [], deps.enrich);
      return { result: eventResult(source, record, actor, [], warnings), detections: [] };
    }
    const { actor, detections } = analyzeRecord(
      record,
      { ...context, ...(deps.enrich ? { enrich: deps.enrich } : {}) },
      deps.rules,
      [],
      deps.behaviourFor?.(record),
    );
    return { result: eventResult(source, record, actor, detections, warnings), detections };
  };
}
export type Analyzer = ReturnType<typeof makeAnalyzer>;
