import { INDEXES } from '../src/lib/store/table.ts';
import { arnOf, type Json, type Resources, ref, type Statement, sub } from './cfn.ts';
import { CHAT_TOPIC_KEY, type ChannelOptions, channelStatements } from './channels.ts';
import {
  DETECTOR_KEYS,
  FUNCTION_KEYS,
  type FunctionKey,
  functionName,
  roleLogicalId,
  roleName,
  type StackInput,
} from './names.ts';
import { type PlannedRule, RULES_DLQ } from './rules.ts';

export const TABLE = 'AlertsTable';
export const TABLE_KEY = 'TableKey';
export const TOPIC = 'AlertTopic';
export const TOPIC_KEY = 'AlertTopicKey';
export const FAILED_INVOCATIONS = 'FailedInvocationsQueue';

const tableArn = arnOf(TABLE);

const ownLogGroup = (input: StackInput, key: FunctionKey): Statement => ({
  Sid: 'OwnLogGroup',
  Effect: 'Allow',
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: sub(
    `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${functionName(input, key)}:*`,
  ),
});

const alertTopic: Statement = {
  Sid: 'AlertTopic',
  Effect: 'Allow',
  Action: ['sns:Publish'],
  Resource: ref(TOPIC),
};

/** What every detector function needs: its own log group, the table, the topic, the keys, the failure queue. */
function commonStatements(input: StackInput, key: FunctionKey): Statement[] {
  return [
    ownLogGroup(input, key),
    {
      Sid: 'DetectionTable',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      Resource: [tableArn, ...INDEXES.map((index) => ({ 'Fn::Sub': `\${${TABLE}.Arn}/index/${index}` }))],
    },
    {
      // A detection record whose incident update failed is taken back, so the retry counts it; only
      // detection records (`DET#…`) can be deleted, never an incident.
      Sid: 'WithdrawDetectionRecord',
      Effect: 'Allow',
      Action: ['dynamodb:DeleteItem'],
      Resource: tableArn,
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DET#*'] } },
    },
    alertTopic,
    {
      Sid: 'TableAndTopicKeys',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: [arnOf(TABLE_KEY), arnOf(TOPIC_KEY)],
    },
    {
      Sid: 'AsyncFailureDestination',
      Effect: 'Allow',
      Action: ['sqs:SendMessage'],
      Resource: arnOf(FAILED_INVOCATIONS),
    },
  ];
}

/**
 * The channels function reads alerts from the topic (SNS invokes it) and writes only to the chat
 * topic, the default bus and Security Hub, as the params allow. No table, no alert topic.
 */
function channelsStatements(input: StackInput, channels: ChannelOptions): Statement[] {
  return [
    ownLogGroup(input, 'channels'),
    ...channelStatements(channels),
    {
      Sid: 'ChatTopicKey',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: arnOf(CHAT_TOPIC_KEY),
    },
    {
      Sid: 'AsyncFailureDestination',
      Effect: 'Allow',
      Action: ['sqs:SendMessage'],
      Resource: arnOf(FAILED_INVOCATIONS),
    },
  ];
}

/**
 * The redrive reads and settles the two dead-letter queues, re-invokes the detector functions (by
 * name: the functions depend on roles) and publishes the overdue notice. No table access.
 */
function redriveStatements(input: StackInput): Statement[] {
  const functionArn = (key: FunctionKey) =>
    `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${functionName(input, key)}`;
  return [
    ownLogGroup(input, 'redrive'),
    {
      Sid: 'DeadLetterQueues',
      Effect: 'Allow',
      Action: [
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueAttributes',
      ],
      Resource: [arnOf(RULES_DLQ), arnOf(FAILED_INVOCATIONS)],
    },
    {
      Sid: 'ReinvokeDetectors',
      Effect: 'Allow',
      Action: ['lambda:InvokeFunction'],
      // Lambda's failure records name the function with its qualifier ($LATEST).
      Resource: DETECTOR_KEYS.flatMap((key) => [sub(functionArn(key)), sub(`${functionArn(key)}:*`)]),
    },
    alertTopic,
    {
      Sid: 'TopicKey',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: arnOf(TOPIC_KEY),
    },
  ];
}

/** Trail reads: the configured trail only (a name or an ARN), else any trail of this account. */
function trailResource(trailName: string | undefined): Json {
  if (trailName?.startsWith('arn:')) return trailName;
  // The covering trail may live in another region: its ARN carries its home region.
  return sub(`arn:\${AWS::Partition}:cloudtrail:*:\${AWS::AccountId}:trail/${trailName || '*'}`);
}

/** The periodic audit reads the decoys, the trail and our rules; it changes nothing outside the table. */
function auditStatements(input: StackInput, rules: PlannedRule[], trailName?: string): Statement[] {
  const decoyUsers = input.registry.decoys.map((decoy) =>
    sub(`arn:\${AWS::Partition}:iam::${decoy.accountId}:user/${decoy.userName}`),
  );
  const statements: Statement[] = [
    {
      Sid: 'DescribeTrailsHasNoResourceType',
      Effect: 'Allow',
      Action: ['cloudtrail:DescribeTrails'],
      // DescribeTrails is a list call: IAM offers no resource type to scope it to.
      Resource: '*',
    },
    {
      Sid: 'TrailStatus',
      Effect: 'Allow',
      Action: ['cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'],
      Resource: trailResource(trailName),
    },
    {
      Sid: 'OwnRules',
      Effect: 'Allow',
      Action: ['events:DescribeRule'],
      // By name, not GetAtt: the schedule rule targets the audit function, which depends on this role.
      Resource: rules.map((rule) =>
        sub(`arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${rule.name}`),
      ),
    },
  ];
  if (decoyUsers.length > 0) {
    statements.unshift({
      Sid: 'DecoyUsers',
      Effect: 'Allow',
      Action: [
        'iam:GetUser',
        'iam:ListAttachedUserPolicies',
        'iam:ListUserPolicies',
        'iam:ListGroupsForUser',
        'iam:GetLoginProfile',
        'iam:ListMFADevices',
        'iam:ListAccessKeys',
        // Authorised against the user who owns the key, so the decoy ARNs are enough.
        'iam:GetAccessKeyLastUsed',
      ],
      Resource: decoyUsers,
    });
  }
  return statements;
}

/** IAM's limit on a role's inline policies, in characters; checked here so packaging fails, not the deploy. */
export const INLINE_POLICY_LIMIT = 10_240;

/** One role per function, each allowed only what that function calls, on our own resources. */
export function roleResources(
  input: StackInput,
  rules: PlannedRule[],
  channels: ChannelOptions,
  trailName?: string,
): Resources {
  const resources: Resources = {};
  for (const key of FUNCTION_KEYS) {
    const statements =
      key === 'redrive'
        ? redriveStatements(input)
        : key === 'channels'
          ? channelsStatements(input, channels)
          : [
              ...commonStatements(input, key),
              ...(key === 'audit' ? auditStatements(input, rules, trailName) : []),
            ];
    // An upper bound: CloudFormation substitutes ${AWS::Partition} and friends with shorter values.
    const size = JSON.stringify(statements).length;
    if (size > INLINE_POLICY_LIMIT)
      throw new Error(
        `the ${key} role policy would be ${size} characters, over IAM's ${INLINE_POLICY_LIMIT}: too many decoys for one stack`,
      );
    resources[roleLogicalId(key)] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: sub(roleName(input, key)),
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'lambda.amazonaws.com' },
              Action: ['sts:AssumeRole'],
            },
          ],
        },
        Policies: [
          {
            PolicyName: `${key}-least-privilege`,
            PolicyDocument: { Version: '2012-10-17', Statement: statements },
          },
        ],
      },
    };
  }
  return resources;
}

/** The role ARNs as `Fn::Sub` templates: key policies name them without referencing the roles. */
export const roleArnTemplates = (input: StackInput): Json =>
  FUNCTION_KEYS.map((key) =>
    sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${roleName(input, key)}`),
  );
