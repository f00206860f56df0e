import { type Json, keepOnProd, type Resources, ref, sub } from './cfn.ts';
import type { StackInput } from './names.ts';
import { roleArnTemplates, TABLE_KEY, TOPIC_KEY } from './roles.ts';

export const ACCOUNT_ROOT = { AWS: sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root`) };

/** Key administration for the account, listed action by action: no encrypt or decrypt here. */
const ADMIN_ACTIONS = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:PutKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:EnableKeyRotation',
  'kms:DisableKeyRotation',
  'kms:ListResourceTags',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateKeyDescription',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:ListGrants',
  'kms:RevokeGrant',
];

/** A rotating customer managed key: account administration plus the given use statements. */
export function kmsKey(stage: string, description: string, statements: Json[]): Resources[string] {
  return {
    Type: 'AWS::KMS::Key',
    ...keepOnProd(stage),
    Properties: {
      Description: description,
      EnableKeyRotation: true,
      KeyPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'KeyAdministration',
            Effect: 'Allow',
            Principal: ACCOUNT_ROOT,
            Action: ADMIN_ACTIONS,
            Resource: '*',
          },
          ...statements,
        ],
      },
    },
  };
}

/**
 * Lets CloudWatch encrypt alarm notifications for a KMS-encrypted topic, on behalf of this account's
 * alarms whose names start with `alarmPrefix` only (no confused deputy).
 */
export function alarmsPublish(alarmPrefix: string): Json {
  return {
    Sid: 'CloudWatchAlarmsPublish',
    Effect: 'Allow',
    Principal: { Service: 'cloudwatch.amazonaws.com' },
    Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
    Resource: '*',
    Condition: {
      StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') },
      ArnLike: {
        'aws:SourceArn': sub(
          `arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:${alarmPrefix}*`,
        ),
      },
    },
  };
}

/**
 * Customer managed keys for the table and the alert topic. In a key policy `Resource: '*'` means
 * "this key". The function roles are named by ARN condition, not by reference, to avoid a cycle
 * (role policy → key → key policy → role).
 */
export const viaService = (service: string) => ({
  'kms:ViaService': sub(`${service}.\${AWS::Region}.amazonaws.com`),
});

/** Publishing to an encrypted topic: the function roles only, and only through SNS. */
export const functionRolesPublish = (input: StackInput): Json => ({
  Sid: 'FunctionRolesPublish',
  Effect: 'Allow',
  Principal: ACCOUNT_ROOT,
  Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
  Resource: '*',
  Condition: {
    StringEquals: viaService('sns'),
    ArnEquals: { 'aws:PrincipalArn': roleArnTemplates(input) },
  },
});

export function keyResources(input: StackInput): Resources {
  return {
    [TABLE_KEY]: kmsKey(input.stage, `${input.service}-${input.stage} detection table`, [
      {
        // DynamoDB creates its grant with the deploying principal's rights when the table is created.
        Sid: 'AccountUseThroughDynamoDB',
        Effect: 'Allow',
        Principal: ACCOUNT_ROOT,
        Action: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:GenerateDataKey',
          'kms:GenerateDataKeyWithoutPlaintext',
          'kms:CreateGrant',
          'kms:DescribeKey',
        ],
        Resource: '*',
        Condition: {
          StringEquals: { ...viaService('dynamodb'), 'kms:CallerAccount': ref('AWS::AccountId') },
        },
      },
    ]),
    [TOPIC_KEY]: kmsKey(input.stage, `${input.service}-${input.stage} alert topic`, [
      functionRolesPublish(input),
      alarmsPublish(`${input.service}-${input.stage}-`),
    ]),
  };
}
