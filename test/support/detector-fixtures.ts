/**
 * One CloudTrail delivery per (guarded resource, call) of the detector-tamper table, naming the
 * deployed resource the way that service's requests name it. Shared by the unit and contract tests.
 */
import type { CloudTrailEnvelope } from '../../src/lib/cloudtrail/schema.ts';
import type { DetectorResources } from '../../src/lib/detect/rules.ts';
import type { GuardedResource } from '../../src/lib/detect/tamper/detector-table.ts';

const ACCOUNT = '123456789012';

function first(list: string[] | undefined, what: string): string {
  const value = list?.[0];
  if (!value) throw new Error(`the detector resources name no ${what}`);
  return value;
}

const homeRegion = (names: DetectorResources) => names.topicArn?.split(':')[3] ?? 'us-east-1';

/** Request parameters (and `resources`) naming honeytrail's resource for this call. */
export function requestFor(
  entry: GuardedResource,
  call: string,
  names: DetectorResources,
): { requestParameters: Record<string, unknown> | null; resources?: Array<Record<string, string>> } {
  const region = homeRegion(names);
  switch (entry.locate) {
    case 'trail':
      return { requestParameters: { name: names.trailName ?? 'management-events' } };
    case 'trailBucket':
      return { requestParameters: { bucketName: names.trailBucket ?? '' } };
    case 'rule': {
      const rule = first(names.ruleNames, 'rule');
      return {
        requestParameters: call.endsWith('Targets') ? { rule, ids: ['detectTamper'] } : { name: rule },
      };
    }
    case 'bus':
      return call.endsWith('Permission')
        ? {
            requestParameters: {
              eventBusName: 'default',
              statementId: first(names.busStatementIds, 'statement'),
            },
          }
        : { requestParameters: { name: 'default' } };
    case 'function':
      return { requestParameters: { functionName: first(names.functionNames, 'function') } };
    case 'table': {
      const table = names.tableName ?? '';
      return call.endsWith('ResourcePolicy')
        ? { requestParameters: { resourceArn: `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${table}` } }
        : { requestParameters: { tableName: table } };
    }
    case 'topic':
      return call === 'PutDataProtectionPolicy'
        ? { requestParameters: { resourceArn: names.topicArn } }
        : { requestParameters: { topicArn: names.topicArn } };
    case 'subscription':
      return {
        requestParameters: { subscriptionArn: `${names.topicArn}:0f1e2d3c-4b5a-4697-8887-a9b0c1d2e3f4` },
      };
    case 'key': {
      const key = first(names.keyArns, 'KMS key');
      // RetireGrant logs no request parameters; the key is only in `resources` (AWS KMS guide sample).
      return call === 'RetireGrant'
        ? { requestParameters: null, resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: key }] }
        : { requestParameters: { keyId: key } };
    }
    case 'role':
      return { requestParameters: { roleName: first(names.roleNames, 'role') } };
    case 'queue':
      return {
        requestParameters: {
          queueUrl: `https://sqs.${region}.amazonaws.com/${ACCOUNT}/${first(names.queueNames, 'queue')}`,
        },
      };
    case 'alarm': {
      const alarm = first(names.alarmNames, 'alarm');
      return { requestParameters: call.endsWith('s') ? { alarmNames: [alarm] } : { alarmName: alarm } };
    }
    case 'logGroup': {
      const group = `/aws/lambda/${first(names.functionNames, 'function')}`;
      return call === 'PutDataProtectionPolicy'
        ? { requestParameters: { logGroupIdentifier: group } }
        : { requestParameters: { logGroupName: group } };
    }
  }
}

/** An EventBridge delivery of the call, made by an ordinary IAM user (not a decoy). */
export function guardedCallEvent(
  entry: GuardedResource,
  call: string,
  names: DetectorResources,
  index = 0,
): CloudTrailEnvelope {
  const region = homeRegion(names);
  const { requestParameters, resources } = requestFor(entry, call, names);
  // Lambda logs the API version in the event name.
  const eventName = entry.eventSource === 'lambda.amazonaws.com' ? `${call}20150331` : call;
  const id = `0000${index.toString(16)}`.slice(-4);
  return {
    version: '0',
    id: `6a7e8feb-b491-4cf7-a9f1-bf3703a7${id}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${entry.service}`,
    account: ACCOUNT,
    time: '2026-11-20T09:00:00Z',
    region,
    resources: [],
    detail: {
      eventVersion: '1.09',
      userIdentity: {
        type: 'IAMUser',
        principalId: 'AIDAEXAMPLEOPERATOR1',
        arn: `arn:aws:iam::${ACCOUNT}:user/ops-jdoe`,
        accountId: ACCOUNT,
        accessKeyId: 'AKIAEXAMPLEOPERATOR1',
        userName: 'ops-jdoe',
      },
      eventTime: '2026-11-20T09:00:00Z',
      eventSource: entry.eventSource,
      eventName,
      awsRegion: region,
      sourceIPAddress: '203.0.113.50',
      userAgent:
        'aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.0-45-generic md/arch#x86_64 lang/python#3.11.9',
      requestParameters,
      responseElements: null,
      ...(resources ? { resources } : {}),
      eventID: `5b3c1f0e-8a2d-4c6b-9e71-0d4f2a6b${id}`,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
    },
  };
}
