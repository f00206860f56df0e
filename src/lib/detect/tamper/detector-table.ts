/**
 * THE table of detector self-protection: every resource type honeytrail deploys, and every
 * non-read-only call that deletes, disables, redirects, silences or rewrites it. It feeds the
 * EventBridge patterns, the detector-tamper rule, the docs table (npm run docs:tamper) and the tests.
 * Call names are CloudTrail event names; each was checked against the AWS Service Authorization
 * Reference page in `reference` (the IAM action differs from the event name only where `action` says).
 * Read-only calls (Get*, Describe*, List*) stay out: the audit makes them itself.
 */
import type { LocatorId } from './detector-targets.ts';

export interface GuardedCall {
  /** What the call does to honeytrail, one sentence. */
  effect: string;
  /** Category of the detection, when it differs from the resource's. */
  category?: string;
  /** The IAM action, when it is not `<service>:<event name>`. */
  action?: string;
}

export interface GuardedResource {
  /** Stable id, used in tests and docs. */
  id: string;
  /** What it is, for people. */
  label: string;
  /** IAM service prefix, as in `lambda:DeleteFunction`. */
  service: string;
  eventSource: string;
  category: string;
  /** How the rule finds honeytrail's resource in the record (see detector-targets.ts). */
  locate: LocatorId;
  fix: string;
  calls: Readonly<Record<string, GuardedCall>>;
}

const redeploy = (what: string) =>
  `Redeploy the stack to restore ${what}; diff the requestParameters against the stack.`;

export const GUARDED: readonly GuardedResource[] = [
  {
    id: 'cloudtrail-trail',
    label: 'CloudTrail trail',
    service: 'cloudtrail',
    eventSource: 'cloudtrail.amazonaws.com',
    category: 'trail-modified',
    locate: 'trail',
    fix: 'Compare the trail and its event selectors with the deployed stack; redeploy to restore them (management events, read and write).',
    calls: {
      StopLogging: {
        effect: 'stops the trail: no CloudTrail event reaches EventBridge',
        category: 'trail-disabled',
      },
      DeleteTrail: { effect: 'deletes the trail', category: 'trail-disabled' },
      UpdateTrail: { effect: 'changes the trail (regions, global events, bucket)' },
      PutEventSelectors: { effect: 'changes which events the trail logs: management events can be dropped' },
    },
  },
  {
    id: 'trail-bucket',
    label: 'S3 bucket of the trail (createTrail=true)',
    service: 's3',
    eventSource: 's3.amazonaws.com',
    category: 'trail-bucket-tampered',
    locate: 'trailBucket',
    fix: redeploy('the trail bucket and its policy, then check the trail status for delivery errors'),
    calls: {
      DeleteBucket: { effect: 'deletes the bucket the trail delivers to' },
      PutBucketPolicy: { effect: 'rewrites the bucket policy: a deny stops CloudTrail delivery' },
      DeleteBucketPolicy: { effect: 'removes the policy that lets CloudTrail write' },
      PutBucketLifecycle: {
        effect: 'changes how long trail logs are kept: evidence can expire at once',
        action: 's3:PutLifecycleConfiguration',
      },
      PutBucketVersioning: { effect: 'suspends versioning: overwritten or deleted logs are gone' },
    },
  },
  {
    id: 'events-rule',
    label: 'EventBridge rules (home and forwarders)',
    service: 'events',
    eventSource: 'events.amazonaws.com',
    category: 'rule-disabled',
    locate: 'rule',
    fix: 'Redeploy the stack to restore the rule, its pattern, its state (ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS) and its targets.',
    calls: {
      DisableRule: { effect: 'disables the rule: its events reach no function' },
      DeleteRule: { effect: 'deletes the rule' },
      RemoveTargets: { effect: 'removes the function (or home bus) the rule feeds' },
      PutRule: {
        effect: 'rewrites the pattern or state (plain ENABLED drops read-only calls)',
        category: 'rule-modified',
      },
      PutTargets: { effect: 'retargets the rule away from honeytrail', category: 'rule-modified' },
    },
  },
  {
    id: 'event-bus-policy',
    label: 'Home event bus (default) and its policy',
    service: 'events',
    eventSource: 'events.amazonaws.com',
    category: 'bus-policy-tampered',
    locate: 'bus',
    fix: redeploy('the home bus policy that lets the forwarders put events'),
    calls: {
      RemovePermission: { effect: 'removes the statement that lets forwarders put events on the home bus' },
      PutPermission: { effect: 'overwrites our statement or replaces the whole bus policy' },
      UpdateEventBus: { effect: 'changes the home bus (encryption key, dead-letter queue)' },
      DeleteEventBus: { effect: 'deletes the bus the forwarders deliver to' },
    },
  },
  {
    id: 'lambda-function',
    label: 'Lambda functions',
    service: 'lambda',
    eventSource: 'lambda.amazonaws.com',
    category: 'function-tampered',
    locate: 'function',
    fix: redeploy('the function, its code, its configuration and its invoke permission'),
    calls: {
      DeleteFunction: { effect: 'deletes the function' },
      UpdateFunctionCode: { effect: 'replaces the code: a function that does nothing looks healthy' },
      UpdateFunctionConfiguration: { effect: 'changes environment, role, timeout or layers' },
      PutFunctionConcurrency: {
        effect: 'a reserved concurrency of 0 stops the function without deleting it',
      },
      RemovePermission: { effect: 'removes the permission that lets EventBridge invoke it' },
      AddPermission: { effect: 'lets another principal invoke it with forged events' },
    },
  },
  {
    id: 'lambda-invoke-config',
    label: 'Lambda asynchronous invoke config and failure destination',
    service: 'lambda',
    eventSource: 'lambda.amazonaws.com',
    category: 'function-tampered',
    locate: 'function',
    fix: redeploy('the retries and the on-failure destination (the failed-invocations queue)'),
    calls: {
      PutFunctionEventInvokeConfig: {
        effect: 'replaces retries and destination: failed events can be dropped',
      },
      UpdateFunctionEventInvokeConfig: { effect: 'redirects or drops the on-failure destination' },
      DeleteFunctionEventInvokeConfig: {
        effect: 'removes the on-failure destination: failed events are lost',
      },
    },
  },
  {
    id: 'dynamodb-table',
    label: 'DynamoDB detection table',
    service: 'dynamodb',
    eventSource: 'dynamodb.amazonaws.com',
    category: 'table-modified',
    locate: 'table',
    fix: 'Redeploy the stack to restore the table settings; restore from point-in-time recovery if data is gone.',
    calls: {
      DeleteTable: {
        effect: 'deletes the table: history and duplicate suppression are gone',
        category: 'table-deleted',
      },
      UpdateTable: {
        effect: 'can switch deletion protection off right before a delete, or change encryption',
      },
      UpdateTimeToLive: { effect: 'a different TTL attribute can expire detections early' },
      UpdateContinuousBackups: { effect: 'switches point-in-time recovery off' },
      PutResourcePolicy: { effect: 'a deny in a table policy blocks every write of the detector' },
      DeleteResourcePolicy: { effect: 'removes the table policy' },
    },
  },
  {
    id: 'sns-topic',
    label: 'SNS alert topic (and the forwarders’ alarm topics)',
    service: 'sns',
    eventSource: 'sns.amazonaws.com',
    category: 'topic-tampered',
    locate: 'topic',
    fix: 'Redeploy the stack to restore the topic, its policy and its subscriptions, then confirm each subscriber receives a test alert.',
    calls: {
      DeleteTopic: { effect: 'deletes the alert topic itself' },
      SetTopicAttributes: { effect: 'a policy or key change can block publishing or redirect delivery' },
      AddPermission: { effect: 'lets another principal publish forged alerts or subscribe' },
      RemovePermission: {
        effect: 'removes a statement of the topic policy (CloudWatch alarms publish through it)',
      },
      Subscribe: { effect: 'copies every alert to a new endpoint: an intruder reads what the SOC sees' },
      PutDataProtectionPolicy: { effect: 'a data protection policy can mask or block alert content' },
    },
  },
  {
    id: 'sns-subscription',
    label: 'SNS subscriptions of those topics',
    service: 'sns',
    eventSource: 'sns.amazonaws.com',
    category: 'topic-tampered',
    locate: 'subscription',
    fix: 'Redeploy the stack to restore the subscriptions (and remove any filter policy), then send a test alert.',
    calls: {
      Unsubscribe: { effect: 'removes a subscriber: that endpoint receives nothing' },
      SetSubscriptionAttributes: {
        effect: 'a filter policy or redrive change silently stops delivery to that endpoint',
      },
    },
  },
  {
    id: 'kms-key',
    label: 'KMS keys of the table and the topic',
    service: 'kms',
    eventSource: 'kms.amazonaws.com',
    category: 'key-tampered',
    locate: 'key',
    fix: 'Re-enable the key (aws kms enable-key), cancel a scheduled deletion (aws kms cancel-key-deletion), restore the key policy and review its grants (aws kms list-grants).',
    calls: {
      DisableKey: { effect: 'a disabled key stops every publish and every table write' },
      ScheduleKeyDeletion: {
        effect: 'the key, and all data encrypted with it, is lost after the waiting period',
      },
      PutKeyPolicy: { effect: 'a new key policy can lock the functions or SNS out of the key' },
      CreateGrant: { effect: 'gives another principal use of the key' },
      RetireGrant: { effect: 'removes a grant the table depends on' },
      RevokeGrant: { effect: 'revokes a grant the table depends on' },
    },
  },
  {
    id: 'iam-role',
    label: 'IAM roles of the functions (and of the forwarders)',
    service: 'iam',
    eventSource: 'iam.amazonaws.com',
    category: 'role-tampered',
    locate: 'role',
    fix: redeploy('the role, its trust policy, its inline policy and no boundary'),
    calls: {
      AttachRolePolicy: { effect: 'attaches a managed policy, for example an explicit deny' },
      DetachRolePolicy: { effect: 'detaches a managed policy' },
      PutRolePolicy: { effect: 'rewrites an inline policy: a deny stops the function from alerting' },
      DeleteRolePolicy: { effect: 'deletes the least-privilege policy the function runs on' },
      PutRolePermissionsBoundary: { effect: 'a boundary can take away every permission' },
      DeleteRolePermissionsBoundary: { effect: 'removes a boundary' },
      UpdateAssumeRolePolicy: {
        effect: 'a new trust policy lets someone else assume the role, or Lambda not',
      },
      DeleteRole: { effect: 'deletes the role: the function cannot run' },
      TagRole: { effect: 'tags can switch ABAC conditions (and SCP denies) on or off' },
      UntagRole: { effect: 'tags can switch ABAC conditions (and SCP denies) on or off' },
    },
  },
  {
    id: 'sqs-queue',
    label: 'SQS dead-letter and failure queues',
    service: 'sqs',
    eventSource: 'sqs.amazonaws.com',
    category: 'queue-tampered',
    locate: 'queue',
    fix: redeploy('the queue, its retention and its policy; replay what is left (npm run replay-dlq)'),
    calls: {
      DeleteQueue: { effect: 'deletes the queue that keeps events no function could handle' },
      PurgeQueue: { effect: 'throws away the events waiting for replay' },
      SetQueueAttributes: { effect: 'changes retention, redrive or the policy that lets EventBridge write' },
      AddPermission: { effect: 'lets another principal read or delete the kept events' },
      RemovePermission: { effect: 'removes a statement of the queue policy' },
    },
  },
  {
    id: 'cloudwatch-alarm',
    label: 'CloudWatch alarms',
    service: 'cloudwatch',
    eventSource: 'monitoring.amazonaws.com',
    category: 'alarm-tampered',
    locate: 'alarm',
    fix: redeploy('the alarm and its actions'),
    calls: {
      DeleteAlarms: { effect: 'deletes the alarm that makes a lost detection loud' },
      DisableAlarmActions: { effect: 'the alarm changes state but notifies nobody' },
      PutMetricAlarm: { effect: 'rewrites the threshold, metric or actions' },
      SetAlarmState: { effect: 'forces a state: a real breach can be hidden until the next evaluation' },
    },
  },
  {
    id: 'log-group',
    label: 'Log groups of the functions',
    service: 'logs',
    eventSource: 'logs.amazonaws.com',
    category: 'logs-tampered',
    locate: 'logGroup',
    fix: redeploy('the log group and its retention'),
    calls: {
      DeleteLogGroup: { effect: 'deletes the functions’ own record of what they saw and did' },
      DeleteLogStream: { effect: 'deletes part of that record' },
      PutRetentionPolicy: { effect: 'a short retention erases the record early' },
      AssociateKmsKey: { effect: 'a foreign key, later disabled, makes the logs unreadable' },
      PutDataProtectionPolicy: { effect: 'masks what the logs show' },
    },
  },
];

/**
 * Resource types in the packaged templates that no entry guards, and why. The contract test
 * fails on any other unguarded type.
 */
export const UNGUARDED_TYPES: Readonly<Record<string, string>> = {};

/** The calls of one event source, across every entry (Lambda names carry API versions). */
export function callsBySource(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const entry of GUARDED) {
    const calls = out.get(entry.eventSource) ?? [];
    for (const name of Object.keys(entry.calls)) if (!calls.includes(name)) calls.push(name);
    out.set(entry.eventSource, calls);
  }
  return out;
}

/** Every (entry, call) pair: one row of the docs table and one contract fixture each. */
export function guardedCalls(): Array<{ entry: GuardedResource; call: string; row: GuardedCall }> {
  return GUARDED.flatMap((entry) => Object.entries(entry.calls).map(([call, row]) => ({ entry, call, row })));
}
