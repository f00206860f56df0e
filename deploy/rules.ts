import { type EventPattern, useEventPatterns } from '../src/lib/decoys/patterns.ts';
import { arnOf, deadLetterQueuePolicy, type Resource, type Resources } from './cfn.ts';
import { RULE_RETRY_POLICY } from './delivery.ts';
import { type FunctionKey, functionLogicalId, type StackInput } from './names.ts';
import { detectorTamperPatterns, tamperRulePatterns } from './tamper.ts';

/** One EventBridge rule of the home stack: an event pattern or a schedule, and the function it feeds. */
export interface PlannedRule {
  logicalId: string;
  name: string;
  target: FunctionKey;
  description: string;
  pattern?: EventPattern;
  schedule?: string;
}

export const RULES_DLQ = 'RulesDeadLetterQueue';

export interface Schedules {
  auditSchedule: string;
  redriveSchedule: string;
  digestSchedule?: string;
}

/**
 * Every rule the home stack owns, derived from the registry. Names are stable strings so the
 * functions can be told them (HONEYTRAIL_RULE_NAMES) without a CloudFormation reference.
 */
export function planRules(
  input: StackInput,
  { auditSchedule, redriveSchedule, digestSchedule = 'rate(15 minutes)' }: Schedules,
): PlannedRule[] {
  const prefix = `${input.service}-${input.stage}`;
  const pascal = (kind: string) => kind.replace(/(^|-)([a-z])/g, (_m, _dash, c: string) => c.toUpperCase());
  const numbered = (kind: string, target: FunctionKey, what: string, patterns: EventPattern[]) =>
    patterns.map((pattern, index) => ({
      logicalId: `${pascal(kind)}Rule${index + 1}`,
      name: `${prefix}-${kind}-${index + 1}`,
      target,
      description: `honeytrail: ${what} (${index + 1} of ${patterns.length})`,
      pattern,
    }));
  return [
    ...numbered('use', 'detectUse', 'calls made with decoy credentials', useEventPatterns(input.registry)),
    ...numbered('tamper', 'detectTamper', 'IAM changes to decoy users', tamperRulePatterns(input.registry)),
    ...numbered(
      'detector-tamper',
      'detectTamper',
      'calls that could blind the detector',
      detectorTamperPatterns(),
    ),
    {
      logicalId: 'AuditScheduleRule',
      name: `${prefix}-audit`,
      target: 'audit',
      description: 'honeytrail: periodic audit of decoys and the detector',
      schedule: auditSchedule,
    },
    {
      logicalId: 'DigestScheduleRule',
      name: `${prefix}-digests`,
      target: 'flushDigests',
      description: 'honeytrail: update e-mails for incidents that went quiet with calls not yet mailed',
      schedule: digestSchedule,
    },
    {
      logicalId: 'RedriveScheduleRule',
      name: `${prefix}-redrive`,
      target: 'redrive',
      description: 'honeytrail: dead-lettered events back into the functions',
      schedule: redriveSchedule,
    },
  ];
}

function ruleResource(rule: PlannedRule): Resource {
  return {
    Type: 'AWS::Events::Rule',
    Properties: {
      Name: rule.name,
      Description: rule.description,
      // Plain ENABLED drops read-only calls (sts:GetCallerIdentity, Get*, List*, Describe*). The
      // write-only tamper patterns get the same state so a read-only event name can join them later.
      State: rule.schedule ? 'ENABLED' : 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      ...(rule.pattern ? { EventPattern: rule.pattern } : {}),
      ...(rule.schedule ? { ScheduleExpression: rule.schedule } : {}),
      Targets: [
        {
          Id: rule.target,
          Arn: arnOf(functionLogicalId(rule.target)),
          RetryPolicy: RULE_RETRY_POLICY,
          DeadLetterConfig: { Arn: arnOf(RULES_DLQ) },
        },
      ],
    },
  };
}

/** Rules, their invoke permissions, and the dead-letter queue policy that lets exactly these rules write. */
export function ruleResources(rules: PlannedRule[]): Resources {
  const resources: Resources = {};
  for (const rule of rules) {
    resources[rule.logicalId] = ruleResource(rule);
    resources[`${rule.logicalId}Permission`] = {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: arnOf(functionLogicalId(rule.target)),
        Principal: 'events.amazonaws.com',
        SourceArn: arnOf(rule.logicalId),
      },
    };
  }
  resources[`${RULES_DLQ}Policy`] = deadLetterQueuePolicy(
    RULES_DLQ,
    rules.map((rule) => arnOf(rule.logicalId)),
  );
  return resources;
}
