/**
 * What the detector-tamper table says for people and for the contract tests, kept out of the Lambda
 * bundles: the CloudFormation types each entry guards, the Service Authorization Reference page its
 * calls were checked against, and the request parameters that name the resource.
 */
export interface GuardedDocs {
  cfnTypes: readonly string[];
  reference: string;
  matchedOn: string;
}

const SAR = 'https://docs.aws.amazon.com/service-authorization/latest/reference/';

export const GUARDED_DOCS: Readonly<Record<string, GuardedDocs>> = {
  'cloudtrail-trail': {
    cfnTypes: ['AWS::CloudTrail::Trail'],
    reference: `${SAR}list_awscloudtrail.html`,
    matchedOn: '`name` or `trailName` (name or ARN); any trail when none is configured',
  },
  'trail-bucket': {
    cfnTypes: ['AWS::S3::Bucket', 'AWS::S3::BucketPolicy'],
    reference: `${SAR}list_amazons3.html`,
    matchedOn: '`bucketName`',
  },
  'events-rule': {
    cfnTypes: ['AWS::Events::Rule'],
    reference: `${SAR}list_amazoneventbridge.html`,
    matchedOn: '`name` (`rule` for targets), name or ARN; forwarder rules by name prefix',
  },
  'event-bus-policy': {
    cfnTypes: ['AWS::Events::EventBusPolicy'],
    reference: `${SAR}list_amazoneventbridge.html`,
    matchedOn:
      '`eventBusName` (default bus) in the home region; `statementId` of ours, `removeAllPermissions` or a whole `policy`',
  },
  'lambda-function': {
    cfnTypes: ['AWS::Lambda::Function', 'AWS::Lambda::Version', 'AWS::Lambda::Permission'],
    reference: `${SAR}list_awslambda.html`,
    matchedOn: '`functionName` (name, partial or full ARN, qualifier dropped)',
  },
  'lambda-invoke-config': {
    cfnTypes: ['AWS::Lambda::EventInvokeConfig'],
    reference: `${SAR}list_awslambda.html`,
    matchedOn: '`functionName`',
  },
  'dynamodb-table': {
    cfnTypes: ['AWS::DynamoDB::Table'],
    reference: `${SAR}list_amazondynamodb.html`,
    matchedOn: '`tableName` or `resourceArn` (name or ARN)',
  },
  'sns-topic': {
    cfnTypes: ['AWS::SNS::Topic', 'AWS::SNS::TopicPolicy'],
    reference: `${SAR}list_amazonsns.html`,
    matchedOn: '`topicArn` or `resourceArn`; forwarder topics by name prefix',
  },
  'sns-subscription': {
    cfnTypes: ['AWS::SNS::Subscription'],
    reference: `${SAR}list_amazonsns.html`,
    matchedOn: '`subscriptionArn` starting with the topic ARN and `:`',
  },
  'kms-key': {
    cfnTypes: ['AWS::KMS::Key'],
    reference: `${SAR}list_awskeymanagementservice.html`,
    matchedOn: '`keyId` (id or ARN) or the key ARN in `resources`',
  },
  'iam-role': {
    cfnTypes: ['AWS::IAM::Role'],
    reference: `${SAR}list_awsidentityandaccessmanagementiam.html`,
    matchedOn: '`roleName`; forwarder roles by name prefix',
  },
  'sqs-queue': {
    cfnTypes: ['AWS::SQS::Queue', 'AWS::SQS::QueuePolicy'],
    reference: `${SAR}list_amazonsqs.html`,
    matchedOn: '`queueUrl`; forwarder queues by name prefix',
  },
  'cloudwatch-alarm': {
    cfnTypes: ['AWS::CloudWatch::Alarm'],
    reference: `${SAR}list_amazoncloudwatch.html`,
    matchedOn: '`alarmName` or `alarmNames`; forwarder alarms by name prefix',
  },
  'log-group': {
    cfnTypes: ['AWS::Logs::LogGroup'],
    reference: `${SAR}list_amazoncloudwatchlogs.html`,
    matchedOn: '`logGroupName` or `logGroupIdentifier` (/aws/lambda/<function>)',
  },
};
