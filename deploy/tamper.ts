import { type EventPattern, PATTERN_LIMIT } from '../src/lib/decoys/patterns.ts';
import type { Registry } from '../src/lib/decoys/registry.ts';

/** IAM calls that change what a decoy user can do or how it can sign in. */
export const DECOY_TAMPER_EVENT_NAMES = [
  'AttachUserPolicy',
  'PutUserPolicy',
  'AddUserToGroup',
  'PutUserPermissionsBoundary',
  'DeleteUserPermissionsBoundary',
  'CreateAccessKey',
  'CreateLoginProfile',
  'UpdateLoginProfile',
  'UploadSSHPublicKey',
  'CreateServiceSpecificCredential',
  'UploadSigningCertificate',
  'EnableMFADevice',
  'CreateVirtualMFADevice',
  'UpdateAccessKey',
  'DeleteAccessKey',
  'DeleteUser',
  'AttachGroupPolicy',
  'PutGroupPolicy',
];

const CLOUDTRAIL_CALL = ['AWS API Call via CloudTrail'];

function iamPattern(field: 'userName' | 'groupName', names: string[]): EventPattern {
  return {
    source: ['aws.iam'],
    'detail-type': CLOUDTRAIL_CALL,
    detail: {
      eventSource: ['iam.amazonaws.com'],
      eventName: DECOY_TAMPER_EVENT_NAMES,
      requestParameters: { [field]: [...names].sort() },
    },
  };
}

function batched(field: 'userName' | 'groupName', names: string[], limit: number): EventPattern[] {
  const patterns: EventPattern[] = [];
  let batch: string[] = [];
  for (const name of names) {
    const candidate = [...batch, name];
    if (batch.length > 0 && JSON.stringify(iamPattern(field, candidate)).length > limit) {
      patterns.push(iamPattern(field, batch));
      batch = [name];
    } else {
      batch = candidate;
    }
  }
  if (batch.length) patterns.push(iamPattern(field, batch));
  return patterns;
}

/**
 * Patterns for IAM changes aimed at decoy users or their groups.
 * Stand-in until `tamperEventPatterns(registry)` from src/lib/detect/tamper/patterns.ts is merged:
 * switch the body of this one function over to it.
 * A decoy calling CreateAccessKey on itself carries no userName parameter; the use rule sees that call.
 */
export function tamperRulePatterns(registry: Registry, limit = PATTERN_LIMIT): EventPattern[] {
  const users = [...new Set(registry.decoys.map((decoy) => decoy.userName))];
  const groups = [...new Set(registry.decoys.flatMap((decoy) => decoy.groups))];
  return [...batched('userName', users, limit), ...batched('groupName', groups, limit)];
}

/** Calls that would blind honeytrail itself: the trail, the rules, the functions, the topic, the table. */
export function detectorTamperPattern(): EventPattern {
  const call = (source: string, eventName: Array<string | { prefix: string }>) => ({
    source: [source],
    detail: { eventName },
  });
  return {
    'detail-type': CLOUDTRAIL_CALL,
    $or: [
      call('aws.cloudtrail', ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors']),
      call('aws.events', ['DisableRule', 'DeleteRule', 'RemoveTargets', 'PutRule']),
      // Lambda's CloudTrail event names carry an API version suffix (DeleteFunction20150331).
      call('aws.lambda', [
        { prefix: 'DeleteFunction' },
        { prefix: 'RemovePermission' },
        { prefix: 'UpdateFunctionConfiguration' },
      ]),
      call('aws.sns', ['DeleteTopic', 'Unsubscribe', 'SetTopicAttributes']),
      call('aws.dynamodb', ['DeleteTable']),
    ],
  };
}
