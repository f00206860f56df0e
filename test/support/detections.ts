import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findingDetection } from '../../src/lib/audit/finding.ts';
import { parseEnvelope } from '../../src/lib/cloudtrail/schema.ts';
import { parseRegistry } from '../../src/lib/decoys/registry-yaml.ts';
import { ALL_RULES } from '../../src/lib/detect/all-rules.ts';
import type { Detection } from '../../src/lib/detect/detection.ts';
import { analyzeRecord, type RuleContext } from '../../src/lib/detect/rules.ts';
import { FIXTURE_DEPLOYMENT } from '../../src/local/routes.ts';

export const registry = parseRegistry(readFileSync('test/events/decoys.yml', 'utf8'));

const context: RuleContext = {
  registry,
  detector: {
    ruleNames: FIXTURE_DEPLOYMENT.HONEYTRAIL_RULE_NAMES.split(','),
    rulePrefixes: [],
    functionNames: FIXTURE_DEPLOYMENT.HONEYTRAIL_FUNCTION_NAMES.split(','),
    topicArn: 'arn:aws:sns:us-east-1:123456789012:honeytrail-prod-alerts',
    tableName: 'honeytrail-prod',
    trailName: FIXTURE_DEPLOYMENT.TRAIL_NAME,
  },
};

/** Every detection the recorded fixtures produce, plus an audit and a safety-net finding. */
export function fixtureDetections(): Detection[] {
  const detections: Detection[] = [];
  for (const folder of ['use', 'tamper', 'detector']) {
    for (const file of readdirSync(join('test/events', folder)).filter((name) => name.endsWith('.json'))) {
      const record = parseEnvelope(
        JSON.parse(readFileSync(join('test/events', folder, file), 'utf8')),
      ).detail;
      detections.push(...analyzeRecord(record, context, ALL_RULES).detections);
    }
  }
  const decoy = registry.decoys[0]!;
  const ref = { userName: decoy.userName, accountId: decoy.accountId, placement: decoy.placement };
  detections.push(
    findingDetection(
      {
        kind: 'audit',
        key: `${decoy.accountId}/${decoy.userName}:policy-attached:arn:aws:iam::aws:policy/AdministratorAccess`,
        category: 'privilege-grant',
        title: `Decoy ${decoy.userName} has a policy attached`,
        summary: 'AdministratorAccess is attached to the decoy.',
        nextSteps: ['Detach the policy.'],
        decoy: ref,
        source: 'iam.amazonaws.com',
        call: 'ListAttachedUserPolicies',
        target: `arn:aws:iam::${decoy.accountId}:user/${decoy.userName}`,
        accountId: decoy.accountId,
      },
      '2026-11-21T09:00:00Z',
      'us-east-1',
    ),
    findingDetection(
      {
        kind: 'safety-net',
        key: `${decoy.accountId}/${decoy.userName}:key-used-unseen`,
        category: 'key-used-unseen',
        title: `Decoy ${decoy.userName} key used where honeytrail did not see it`,
        summary: 'IAM reports a use newer than the last detection.',
        nextSteps: ['Check CloudTrail in every region.'],
        decoy: ref,
        source: 'iam.amazonaws.com',
        call: 'GetAccessKeyLastUsed',
        target: decoy.accessKeyIds[0] ?? decoy.userName,
        accountId: decoy.accountId,
        time: '2026-11-21T08:30:00Z',
      },
      '2026-11-21T09:00:00Z',
      'us-east-1',
    ),
  );
  return detections;
}
