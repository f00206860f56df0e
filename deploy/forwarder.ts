import { useEventPatterns } from '../src/lib/decoys/patterns.ts';
import type { Registry } from '../src/lib/decoys/registry.ts';
import { deadLetterAgeAlarm } from './alarms.ts';
import { arnOf, deadLetterQueuePolicy, type Json, type Resources, ref } from './cfn.ts';
import { FORWARDER_RETRY_POLICY } from './delivery.ts';
import { alarmsPublish, kmsKey } from './keys.ts';
import { detectorTamperPatterns, tamperRulePatterns } from './tamper.ts';

export interface ForwarderInput {
  service: string;
  stage: string;
  registry: Registry;
}

export const FORWARDER_DLQ = 'ForwarderDeadLetterQueue';
export const FORWARDER_ROLE = 'ForwarderRole';
export const FORWARDER_ALARM_TOPIC = 'ForwarderAlarmTopic';
export const FORWARDER_ALARM_KEY = 'ForwarderAlarmTopicKey';
/** The home region's default bus, in this account unless `homeAccountId` names another. */
export const HOME_BUS = `arn:\${AWS::Partition}:events:\${HomeRegion}:\${HomeAccountId}:event-bus/default`;

/**
 * One rule per decoy pattern, plus one for calls that would blind the detector, each forwarding matching events unchanged to the home bus, where
 * the home rules match them (same source and detail-type). IAM is global and logs in us-east-1,
 * so the IAM tamper patterns are forwarded only from there (condition `InIamRegion`).
 */
export function forwarderResources(input: ForwarderInput, homeRegion: string, homeAccount: Json): Resources {
  const homeBus = { 'Fn::Sub': [HOME_BUS, { HomeRegion: homeRegion, HomeAccountId: homeAccount }] };
  const resources: Resources = {};
  const prefix = `${input.service}-${input.stage}`;
  const add = (kind: string, patterns: Record<string, unknown>[], condition?: string) =>
    patterns.forEach((pattern, index) => {
      const logicalId = `Forward${kind.charAt(0).toUpperCase()}${kind.slice(1)}Rule${index + 1}`;
      resources[logicalId] = {
        Type: 'AWS::Events::Rule',
        ...(condition ? { Condition: condition } : {}),
        Properties: {
          Name: `${prefix}-forward-${kind}-${index + 1}`,
          Description: `honeytrail: forward decoy ${kind} events to the home bus (${index + 1} of ${patterns.length})`,
          // Without this state the rule never sees read-only calls such as sts:GetCallerIdentity.
          State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
          EventPattern: pattern,
          Targets: [
            {
              Id: 'homeBus',
              Arn: homeBus,
              RoleArn: arnOf(FORWARDER_ROLE),
              RetryPolicy: FORWARDER_RETRY_POLICY,
              DeadLetterConfig: { Arn: arnOf(FORWARDER_DLQ) },
            },
          ],
        },
      };
    });
  add('use', useEventPatterns(input.registry));
  add('tamper', tamperRulePatterns(input.registry), 'InIamRegion');
  // Disabling this region's forwarder rule (or its trail) would blind us here: report that too.
  add('detector', detectorTamperPatterns());

  const ruleArns = Object.keys(resources).map((logicalId) =>
    resources[logicalId]?.Condition
      ? { 'Fn::If': ['InIamRegion', arnOf(logicalId), { Ref: 'AWS::NoValue' }] }
      : arnOf(logicalId),
  );
  resources[FORWARDER_ROLE] = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['sts:AssumeRole'],
            Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
          },
        ],
      },
      Policies: [
        {
          PolicyName: 'put-events-on-home-bus',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['events:PutEvents'], Resource: homeBus }],
          },
        },
      ],
    },
  };
  resources[`${FORWARDER_DLQ}Policy`] = deadLetterQueuePolicy(FORWARDER_DLQ, ruleArns);
  resources[FORWARDER_ALARM_KEY] = kmsKey(input.stage, `${prefix} forwarder alarm topic`, [
    alarmsPublish(`${prefix}-`),
  ]);
  resources[`${FORWARDER_DLQ}AgeAlarm`] = deadLetterAgeAlarm(
    `${prefix}-dlq-older-than-a-day`,
    { 'Fn::GetAtt': [FORWARDER_DLQ, 'QueueName'] },
    ref(FORWARDER_ALARM_TOPIC),
  );
  return resources;
}
