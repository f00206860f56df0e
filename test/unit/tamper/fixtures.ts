import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CloudTrailEnvelope,
  type CloudTrailRecord,
  parseEnvelope,
} from '../../../src/lib/cloudtrail/schema.ts';
import { loadRegistryFile } from '../../../src/lib/decoys/load.ts';
import type { Detection } from '../../../src/lib/detect/detection.ts';
import {
  type DetectorResources,
  enrichRecord,
  type Rule,
  type RuleContext,
} from '../../../src/lib/detect/rules.ts';
import type { Actor } from '../../../src/lib/enrich/types.ts';

const EVENTS = join(process.cwd(), 'test', 'events');

export const registry = loadRegistryFile(join(EVENTS, 'decoys.yml'));

export const detector: DetectorResources = {
  ruleNames: ['honeytrail-cloudtrail-home', 'honeytrail-forward-eu-west-1'],
  functionNames: ['honeytrail-prod-detect', 'honeytrail-prod-audit'],
  topicArn: 'arn:aws:sns:us-east-1:123456789012:honeytrail-alerts',
  tableName: 'honeytrail-prod-detections',
  trailName: 'honeytrail-management',
  trailBucket: 'honeytrail-prod-trailbucket-1x2y3z4w5v6u',
  keyArns: [
    'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    'arn:aws:kms:us-east-1:123456789012:key/0987dcba-09fe-87dc-65ba-ab0987654321',
  ],
  roleNames: ['honeytrail-prod-detectUse-us-east-1', 'honeytrail-prod-detectTamper-us-east-1'],
  queueNames: ['honeytrail-prod-rules-dlq', 'honeytrail-prod-failed-invocations'],
  alarmNames: ['honeytrail-prod-detectUse-errors', 'honeytrail-prod-rules-dlq-not-empty'],
  busStatementIds: ['honeytrail-prod-account', 'honeytrail-prod-organisation'],
  rulePrefixes: ['honeytrail-forwarder-prod-'],
};

export const context: RuleContext = { registry, detector };

/** A parsed EventBridge delivery from test/events, e.g. `tamper/deleteuser.json`. */
export function envelope(name: string): CloudTrailEnvelope {
  return parseEnvelope(JSON.parse(readFileSync(join(EVENTS, name), 'utf8')));
}

/** A fresh copy of the fixture's CloudTrail record, safe to mutate. */
export function record(name: string): CloudTrailRecord {
  return structuredClone(envelope(name).detail);
}

export function actorOf(rec: CloudTrailRecord): Actor {
  return enrichRecord(rec);
}

export function run(rule: Rule, rec: CloudTrailRecord, ctx: RuleContext = context): Detection[] {
  return rule(rec, ctx, actorOf(rec));
}

/** Runs a rule on a fixture and returns its only detection, failing if there is not exactly one. */
export function only(rule: Rule, name: string, ctx: RuleContext = context): Detection {
  const detections = run(rule, record(name), ctx);
  if (detections.length !== 1) throw new Error(`${name}: expected one detection, got ${detections.length}`);
  return detections[0] as Detection;
}
