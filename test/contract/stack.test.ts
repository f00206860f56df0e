import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { FUNCTION_TIMEOUT_SECONDS, REDRIVE_TIMEOUT_SECONDS } from '../../deploy/delivery.ts';
import { parseRegistry } from '../../src/lib/decoys/registry-yaml.ts';
import { stageTableName, tableDefinition } from '../../src/lib/store/table.ts';
import {
  allStatements,
  asArray,
  dependencyCycle,
  type FunctionProps,
  type Packaged,
  type PolicyStatement,
  packageService,
  props,
  ROOT,
  type RoleProps,
  type RuleProps,
  resourcesOfType,
  type Template,
  zipEntries,
  zipEntry,
} from './support.ts';

const DECOYS = 'test/events/decoys.yml';
const COMPILED_DECOYS = 'dist/lambda/decoys.json';
const registry = parseRegistry(readFileSync(join(ROOT, DECOYS), 'utf8'));
const DETECTORS = ['DetectUse', 'DetectTamper', 'Audit', 'FlushDigests', 'Channels'];
const FUNCTIONS = [...DETECTORS, 'Redrive'];

let dev: Packaged;
let prod: Packaged;
let forwarder: Packaged;

// Package once per variant: the default dev stage, prod with every option on, and a forwarder.
// The two home runs share serverless-esbuild's work directory, so they run one after the other.
beforeAll(async () => {
  const forwarding = packageService(join(ROOT, 'forwarder'), ['--region', 'eu-west-1']);
  dev = await packageService(ROOT);
  prod = await packageService(ROOT, [
    '--stage',
    'prod',
    '--param',
    `decoysFile=${DECOYS}`,
    '--param',
    'createTrail=true',
    '--param',
    'alertEmail=soc@example.com',
    '--param',
    'orgId=o-a1b2c3d4e5',
  ]);
  forwarder = await forwarding;
}, 120_000);

const rules = (template: Template) =>
  resourcesOfType(template, 'AWS::Events::Rule').map(([id]) => [id, props<RuleProps>(template, id)] as const);
const patternText = (template: Template, prefix: string) =>
  rules(template)
    .filter(([id]) => id.startsWith(prefix))
    .map(([, rule]) => JSON.stringify(rule.EventPattern))
    .join('\n');
const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });

describe('templates', () => {
  it('have no dependency cycle CloudFormation would refuse', () => {
    for (const packaged of [dev, prod, forwarder]) expect(dependencyCycle(packaged.template)).toBeUndefined();
  });
});

describe('home stack rules', () => {
  it('lets every CloudTrail rule see read-only calls such as sts:GetCallerIdentity', () => {
    const patterned = rules(dev.template).filter(([, rule]) => rule.EventPattern);
    expect(patterned.length).toBeGreaterThanOrEqual(3);
    for (const [, rule] of patterned)
      expect(rule.State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
  });

  it('matches every decoy key and decoy user of the registry, within the pattern quota', () => {
    const text = patternText(dev.template, 'UseRule');
    for (const decoy of registry.decoys) {
      expect(text).toContain(decoy.userName);
      for (const key of decoy.accessKeyIds) expect(text).toContain(key);
    }
    for (const [, rule] of rules(dev.template))
      expect(JSON.stringify(rule.EventPattern ?? {}).length).toBeLessThanOrEqual(2048);
  });

  it('gives each rule a Lambda permission for exactly that rule', () => {
    for (const [id, rule] of rules(dev.template)) {
      const permission = props<Record<string, unknown>>(dev.template, `${id}Permission`);
      expect(permission).toMatchObject({
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
      });
      expect(permission.SourceArn).toEqual(getAtt(id));
      expect(permission.FunctionName).toEqual(rule.Targets[0]?.Arn);
    }
  });

  it('retries every target and dead-letters what still fails, into a queue only those rules may write', () => {
    const all = rules(dev.template);
    for (const [, rule] of all) {
      expect(rule.Targets).toHaveLength(1);
      expect(rule.Targets[0]?.RetryPolicy).toEqual({
        MaximumRetryAttempts: 185,
        MaximumEventAgeInSeconds: 3_600,
      });
      expect(rule.Targets[0]?.DeadLetterConfig).toEqual({ Arn: getAtt('RulesDeadLetterQueue') });
    }
    const policy = props<{ PolicyDocument: { Statement: PolicyStatement[] } }>(
      dev.template,
      'RulesDeadLetterQueuePolicy',
    );
    const [statement] = policy.PolicyDocument.Statement;
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['sqs:SendMessage'],
    });
    expect(statement?.Condition?.ArnEquals?.['aws:SourceArn']).toEqual(all.map(([id]) => getAtt(id)));
  });

  it('sends IAM changes to decoy users and their groups to detectTamper', () => {
    const tamper = props<RuleProps>(dev.template, 'TamperRule1');
    const groups = props<RuleProps>(dev.template, 'TamperRule2');
    const pattern = JSON.stringify([tamper.EventPattern, groups.EventPattern]);
    expect(tamper.EventPattern).toMatchObject({
      source: ['aws.iam'],
      detail: { eventSource: ['iam.amazonaws.com'] },
    });
    for (const name of [
      'AttachUserPolicy',
      'CreateAccessKey',
      'CreateLoginProfile',
      'DeleteUser',
      'PutGroupPolicy',
    ])
      expect(pattern).toContain(`"${name}"`);
    for (const decoy of registry.decoys) expect(pattern).toContain(decoy.userName);
    for (const group of registry.decoys.flatMap((decoy) => decoy.groups)) expect(pattern).toContain(group);
    expect(tamper.Targets[0]?.Arn).toEqual(getAtt('DetectTamperLambdaFunction'));
    expect(groups.Targets[0]?.Arn).toEqual(getAtt('DetectTamperLambdaFunction'));
  });

  it('watches for attempts to blind the detector, with prefixes for versioned Lambda event names', () => {
    const detectorRules = rules(dev.template).filter(([id]) => id.startsWith('DetectorTamperRule'));
    expect(detectorRules.length).toBeGreaterThan(0);
    const pattern = patternText(dev.template, 'DetectorTamperRule');
    for (const name of [
      'StopLogging',
      'DeleteTrail',
      'PutEventSelectors',
      'DisableRule',
      'RemoveTargets',
      'DeleteTopic',
      'Unsubscribe',
      'DeleteTable',
    ])
      expect(pattern).toContain(`"${name}"`);
    expect(pattern).toContain('{"prefix":"DeleteFunction"}');
    expect(pattern).toContain('{"prefix":"UpdateFunctionConfiguration"}');
    for (const [, rule] of detectorRules) {
      expect(rule.Targets[0]?.Arn).toEqual(getAtt('DetectTamperLambdaFunction'));
      expect(JSON.stringify(rule.EventPattern).length).toBeLessThanOrEqual(2048);
    }
  });

  it('runs the audit on the schedule param, hourly by default', () => {
    const rule = props<RuleProps>(dev.template, 'AuditScheduleRule');
    expect(rule).toMatchObject({ ScheduleExpression: 'rate(1 hour)', State: 'ENABLED' });
    expect(rule.Targets[0]?.Arn).toEqual(getAtt('AuditLambdaFunction'));
  });
});

describe('home stack storage and alerts', () => {
  it('builds the table with exactly the keys and indexes of tableDefinition()', () => {
    const table = props<Record<string, unknown>>(dev.template, 'AlertsTable');
    const expected = tableDefinition('honeytrail-dev');
    expect(table.TableName).toBe('honeytrail-dev');
    // The CLI's --stage finds the table by the same name.
    expect(stageTableName('dev')).toBe(table.TableName);
    expect(table.KeySchema).toEqual(expected.KeySchema);
    expect(table.AttributeDefinitions).toEqual(expected.AttributeDefinitions);
    expect(table.GlobalSecondaryIndexes).toEqual(expected.GlobalSecondaryIndexes);
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('encrypts the table with its own rotating key, keeps point-in-time recovery and expires items on expiresAt', () => {
    const table = props<Record<string, unknown>>(dev.template, 'AlertsTable');
    expect(table.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: { Ref: 'TableKey' },
    });
    expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(props<Record<string, unknown>>(dev.template, 'TableKey').EnableKeyRotation).toBe(true);
  });

  it('keeps the table and its keys when a prod stack is removed or replaces them', () => {
    for (const id of ['AlertsTable', 'TableKey', 'AlertTopicKey']) {
      expect(prod.template.Resources[id]).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
      expect(dev.template.Resources[id]).toMatchObject({
        DeletionPolicy: 'Delete',
        UpdateReplacePolicy: 'Delete',
      });
    }
  });

  it('protects the table from deletion on prod only', () => {
    expect(props<Record<string, unknown>>(prod.template, 'AlertsTable').DeletionProtectionEnabled).toEqual({
      'Fn::If': ['IsProd', true, false],
    });
    expect(prod.template.Conditions?.IsProd).toEqual({ 'Fn::Equals': ['prod', 'prod'] });
    expect(dev.template.Conditions?.IsProd).toEqual({ 'Fn::Equals': ['dev', 'prod'] });
  });

  it('encrypts the topic with a key the function roles and CloudWatch alarms may use', () => {
    expect(props<Record<string, unknown>>(dev.template, 'AlertTopic').KmsMasterKeyId).toEqual({
      Ref: 'AlertTopicKey',
    });
    const key = props<{ KeyPolicy: { Statement: PolicyStatement[] } }>(dev.template, 'AlertTopicKey');
    const bySid = Object.fromEntries(key.KeyPolicy.Statement.map((statement) => [statement.Sid, statement]));
    expect(bySid.CloudWatchAlarmsPublish).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
    });
    const roles = JSON.stringify(bySid.FunctionRolesPublish?.Condition?.ArnEquals?.['aws:PrincipalArn']);
    for (const fn of ['detectUse', 'detectTamper', 'audit', 'flushDigests', 'channels'])
      expect(roles).toContain(`role/honeytrail-dev-${fn}-`);
  });

  it('subscribes the alert e-mail only when one is given', () => {
    expect(dev.template.Resources.AlertEmailSubscription?.Condition).toBe('HasAlertEmail');
    expect(dev.template.Conditions?.HasAlertEmail).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
    expect(props<Record<string, unknown>>(prod.template, 'AlertEmailSubscription')).toMatchObject({
      Protocol: 'email',
      Endpoint: 'soc@example.com',
    });
  });
});

describe('nothing lost', () => {
  it('sends each detector’s failed asynchronous invocations to the failure queue after two retries or an hour', () => {
    for (const fn of DETECTORS) {
      expect(props<Record<string, unknown>>(dev.template, `${fn}InvokeConfig`)).toEqual({
        FunctionName: { Ref: `${fn}LambdaFunction` },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 3_600,
        DestinationConfig: { OnFailure: { Destination: getAtt('FailedInvocationsQueue') } },
      });
    }
  });

  it('alarms to the alert topic on function errors and throttles and on any dead letter', () => {
    const alarms = resourcesOfType(dev.template, 'AWS::CloudWatch::Alarm').map(([id]) =>
      props<Record<string, unknown>>(dev.template, id),
    );
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: 'AlertTopic' }]);
    const watched = alarms.flatMap((alarm) =>
      alarm.Metrics
        ? (alarm.Metrics as Array<{ MetricStat?: { Metric: Record<string, unknown> } }>).flatMap((query) =>
            query.MetricStat
              ? [
                  `${query.MetricStat.Metric.MetricName} ${JSON.stringify(query.MetricStat.Metric.Dimensions)}`,
                ]
              : [],
          )
        : [`${alarm.MetricName} ${JSON.stringify(alarm.Dimensions)}`],
    );
    for (const fn of FUNCTIONS)
      for (const metric of ['Errors', 'Throttles'])
        expect(watched).toContain(
          `${metric} [{"Name":"FunctionName","Value":{"Ref":"${fn}LambdaFunction"}}]`,
        );
    for (const queue of ['RulesDeadLetterQueue', 'FailedInvocationsQueue'])
      expect(watched).toContain(
        `ApproximateNumberOfMessagesVisible [{"Name":"QueueName","Value":{"Fn::GetAtt":["${queue}","QueueName"]}}]`,
      );
  });
});

describe('least privilege', () => {
  it('grants no wildcard action anywhere, and `*` resources only where AWS offers nothing narrower', () => {
    for (const { statement } of allStatements(prod.template))
      for (const action of asArray(statement.Action)) expect(['*', 'iam:*']).not.toContain(action);
    const allowed = allStatements(dev.template).filter(({ statement }) => statement.Effect === 'Allow');
    expect(allowed.length).toBeGreaterThan(10);
    for (const { where, statement } of allowed) {
      for (const action of asArray(statement.Action)) {
        expect({ where, action }).not.toEqual({ where, action: '*' });
        expect(action).not.toMatch(/(^iam:\*|:\*$|^\*$)/);
      }
      const isKeyPolicy = where.includes('.KeyPolicy.');
      if (statement.Resource === '*' && !isKeyPolicy)
        expect(statement.Sid).toBe('DescribeTrailsHasNoResourceType');
    }
  });

  it('gives each function a role of its own and no shared execution role', () => {
    expect(dev.template.Resources.IamRoleLambdaExecution).toBeUndefined();
    const roles = FUNCTIONS.map((fn) => props<FunctionProps>(dev.template, `${fn}LambdaFunction`).Role);
    expect(roles).toEqual(FUNCTIONS.map((fn) => ({ 'Fn::Sub': `\${${fn}Role.Arn}` })));
    for (const fn of FUNCTIONS) {
      const role = props<RoleProps>(dev.template, `${fn}Role`);
      const logs = asArray(role.Policies[0]?.PolicyDocument.Statement ?? []).find(
        (s) => s.Sid === 'OwnLogGroup',
      );
      const name = fn.charAt(0).toLowerCase() + fn.slice(1);
      expect(JSON.stringify(logs?.Resource)).toContain(`log-group:/aws/lambda/honeytrail-dev-${name}:*`);
    }
  });

  it('lets a function delete only detection records (DET#…), never an incident or the whole table', () => {
    const deleting = allStatements(dev.template).filter(
      ({ statement }) =>
        statement.Effect === 'Allow' &&
        asArray(statement.Action).some((action) => action.startsWith('dynamodb:Delete')),
    );
    expect(deleting.map(({ where }) => where).join(' ')).toContain('DetectUseRole');
    for (const { statement } of deleting) {
      expect(statement).toMatchObject({
        Sid: 'WithdrawDetectionRecord',
        Action: ['dynamodb:DeleteItem'],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DET#*'] } },
      });
    }
  });

  it('lets the audit read only the decoy users and our own rules', () => {
    const statements = asArray(
      props<RoleProps>(dev.template, 'AuditRole').Policies[0]?.PolicyDocument.Statement ?? [],
    );
    const decoys = statements.find((s) => s.Sid === 'DecoyUsers');
    expect(asArray(decoys?.Action ?? [])).toEqual(
      expect.arrayContaining([
        'iam:GetUser',
        'iam:ListAccessKeys',
        'iam:GetAccessKeyLastUsed',
        'iam:ListGroupsForUser',
      ]),
    );
    const resources = JSON.stringify(decoys?.Resource);
    for (const decoy of registry.decoys)
      expect(resources).toContain(`:iam::${decoy.accountId}:user/${decoy.userName}`);
    const ownRules = statements.find((s) => s.Sid === 'OwnRules');
    expect(ownRules?.Resource).toEqual(
      rules(dev.template).map(([, rule]) => ({
        'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${rule.Name}`,
      })),
    );
  });
});

describe('functions', () => {
  it('run on nodejs22.x with the settings the code reads, and CloudFormation references for table and topic', () => {
    const ruleNames = rules(dev.template).map(([, rule]) => rule.Name);
    for (const fn of FUNCTIONS) {
      const lambda = props<FunctionProps>(dev.template, `${fn}LambdaFunction`);
      expect(lambda.Runtime).toBe('nodejs22.x');
      expect(lambda.Environment.Variables).toMatchObject({
        TABLE_NAME: { Ref: 'AlertsTable' },
        TOPIC_ARN: { Ref: 'AlertTopic' },
        DECOYS_FILE: COMPILED_DECOYS,
        INCIDENT_QUIET_SECONDS: '86400',
        DIGEST_WINDOW_SECONDS: '3600',
        RETENTION_DAYS: '365',
        HONEYTRAIL_RULE_NAMES: ruleNames.join(','),
        HONEYTRAIL_FUNCTION_NAMES:
          'honeytrail-dev-detectUse,honeytrail-dev-detectTamper,honeytrail-dev-audit,honeytrail-dev-flushDigests,honeytrail-dev-channels,honeytrail-dev-redrive',
        TRAIL_NAME: '',
        POWERTOOLS_SERVICE_NAME: 'honeytrail',
      });
    }
    expect(props<FunctionProps>(prod.template, 'AuditLambdaFunction').Environment.Variables.TRAIL_NAME).toBe(
      'honeytrail-prod',
    );
  });

  it('give the detectors the timeout deploy/delivery.ts plans with, and the redrive time to finish before its next run', () => {
    for (const fn of DETECTORS.slice(0, 2))
      expect(props<{ Timeout: number }>(dev.template, `${fn}LambdaFunction`).Timeout).toBe(
        FUNCTION_TIMEOUT_SECONDS,
      );
    const redrive = props<FunctionProps & { Timeout: number }>(dev.template, 'RedriveLambdaFunction');
    expect(redrive.Timeout).toBe(REDRIVE_TIMEOUT_SECONDS);
    expect(redrive.Timeout).toBeLessThan(300);
    expect(redrive.Environment.Variables.REDRIVE_QUEUE_URLS).toEqual({
      'Fn::Join': [',', [{ Ref: 'RulesDeadLetterQueue' }, { Ref: 'FailedInvocationsQueue' }]],
    });
  });

  it('reference their roles without a redundant DependsOn (cfn-lint W3005)', () => {
    for (const [id, resource] of resourcesOfType(dev.template, 'AWS::Lambda::Function'))
      expect({ id, dependsOn: asArray(resource.DependsOn ?? []).filter((d) => d.endsWith('Role')) }).toEqual({
        id,
        dependsOn: [],
      });
  });

  it('sets log retention on every function log group', () => {
    for (const fn of FUNCTIONS) {
      expect(props<Record<string, unknown>>(dev.template, `${fn}LogGroup`).RetentionInDays).toBe(14);
      expect(props<Record<string, unknown>>(prod.template, `${fn}LogGroup`).RetentionInDays).toBe(365);
    }
  });

  it('ships the registry as validated JSON in every package, and the IP data only where events are enriched', () => {
    expect(Object.keys(dev.zips).sort()).toEqual([
      'audit.zip',
      'channels.zip',
      'detectTamper.zip',
      'detectUse.zip',
      'flushDigests.zip',
      'redrive.zip',
    ]);
    const compiled = JSON.parse(readFileSync(join(ROOT, COMPILED_DECOYS), 'utf8'));
    expect(compiled).toEqual({ decoys: JSON.parse(JSON.stringify(registry.decoys)) });
    for (const zip of Object.keys(dev.zips)) {
      const entries = zipEntries(join(dev.dir, zip));
      expect(entries).toContain(COMPILED_DECOYS);
      expect(entries.includes('src/lib/enrich/data/ipdata.bin')).toBe(
        zip === 'detectUse.zip' || zip === 'detectTamper.zip',
      );
    }
    // Fixed-width IP data compresses less than the old brotli file; Lambda allows 50 MB zipped.
    for (const size of Object.values(dev.zips)) expect(size).toBeLessThan(5_000_000);
  });

  it('bundles no YAML parser and stays under 150 kB minified per function', () => {
    for (const zip of Object.keys(dev.zips)) {
      const bundle = zipEntry(join(dev.dir, zip), /^src\/handlers\/.*\.cjs$/);
      expect(bundle.length).toBeLessThan(150 * 1024);
      expect(bundle.toString('utf8')).not.toMatch(/YAMLParseError|parseDocument/);
    }
  });
});

describe('event bus and trail', () => {
  it('lets this account’s forwarders, and the organisation when one is named, put events on the home bus', () => {
    expect(props<Record<string, unknown>>(dev.template, 'HomeBusAccountPolicy')).toMatchObject({
      EventBusName: 'default',
      Statement: { Effect: 'Allow', Action: 'events:PutEvents' },
    });
    expect(dev.template.Resources.HomeBusOrganisationPolicy?.Condition).toBe('HasOrgId');
    expect(
      props<{ Statement: PolicyStatement }>(prod.template, 'HomeBusOrganisationPolicy').Statement.Condition,
    ).toEqual({
      StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
    });
  });

  it('creates no trail unless asked', () => {
    expect(dev.template.Conditions?.CreateTrail).toEqual({ 'Fn::Equals': ['false', 'true'] });
    for (const id of ['Trail', 'TrailBucket', 'TrailBucketPolicy'])
      expect(dev.template.Resources[id]?.Condition).toBe('CreateTrail');
  });

  it('with createTrail, logs read and write management events from every region with file validation', () => {
    expect(prod.template.Conditions?.CreateTrail).toEqual({ 'Fn::Equals': ['true', 'true'] });
    const trailStatus = asArray(
      props<RoleProps>(prod.template, 'AuditRole').Policies[0]?.PolicyDocument.Statement ?? [],
    ).find((s) => s.Sid === 'TrailStatus');
    expect(trailStatus?.Resource).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:cloudtrail:*:\${AWS::AccountId}:trail/honeytrail-prod`,
    });
    expect(props<Record<string, unknown>>(prod.template, 'Trail')).toMatchObject({
      TrailName: 'honeytrail-prod',
      IsLogging: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
    });
    expect(asArray(prod.template.Resources.Trail?.DependsOn ?? [])).toEqual(['TrailBucketPolicy']);
  });

  it('keeps trail logs in an encrypted, private bucket that refuses plain HTTP and admits only our trail', () => {
    const bucket = props<Record<string, unknown>>(prod.template, 'TrailBucket');
    expect(JSON.stringify(bucket.BucketEncryption)).toContain('AES256');
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const policy = props<{ PolicyDocument: { Statement: PolicyStatement[] } }>(
      prod.template,
      'TrailBucketPolicy',
    );
    const bySid = Object.fromEntries(
      policy.PolicyDocument.Statement.map((statement) => [statement.Sid, statement]),
    );
    expect(bySid.DenyInsecureTransport).toMatchObject({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(bySid.CloudTrailAclCheck).toMatchObject({
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
    });
    expect(bySid.CloudTrailWrite).toMatchObject({
      Action: 's3:PutObject',
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    });
    expect(JSON.stringify(bySid.CloudTrailWrite?.Condition)).toContain('trail/honeytrail-prod');
  });
});

describe('forwarder stack', () => {
  const forwardRules = () => rules(forwarder.template);
  const homeBus = {
    'Fn::Sub': [
      `arn:\${AWS::Partition}:events:\${HomeRegion}:\${HomeAccountId}:event-bus/default`,
      { HomeRegion: 'us-east-1', HomeAccountId: { Ref: 'AWS::AccountId' } },
    ],
  };

  it('forwards every decoy pattern, read-only calls included, to the home bus with retries and a dead-letter queue', () => {
    const text = patternText(forwarder.template, 'ForwardUse');
    for (const decoy of registry.decoys) for (const key of decoy.accessKeyIds) expect(text).toContain(key);
    for (const [, rule] of forwardRules()) {
      expect(rule.State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
      expect(rule.Targets[0]).toMatchObject({
        Arn: homeBus,
        RoleArn: getAtt('ForwarderRole'),
        DeadLetterConfig: { Arn: getAtt('ForwarderDeadLetterQueue') },
        RetryPolicy: { MaximumRetryAttempts: 185 },
      });
    }
  });

  it('forwards attempts to disable its own rules or the trail, which the home detector-tamper rule matches', () => {
    const forwarded = rules(forwarder.template).filter(([id]) => id.startsWith('ForwardDetectorRule'));
    const home = rules(dev.template).filter(([id]) => id.startsWith('DetectorTamperRule'));
    expect(forwarded.map(([, rule]) => rule.EventPattern)).toEqual(home.map(([, rule]) => rule.EventPattern));
    expect(forwarded[0]?.[1].Name).toBe('honeytrail-forwarder-dev-forward-detector-1');
  });

  it('forwards IAM tamper events only from us-east-1, where IAM logs them', () => {
    expect(forwarder.template.Resources.ForwardTamperRule1?.Condition).toBe('InIamRegion');
    expect(forwarder.template.Conditions?.InIamRegion).toEqual({
      'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'],
    });
  });

  it('lets its role put events on the home bus and nothing else', () => {
    const role = props<RoleProps>(forwarder.template, 'ForwarderRole');
    expect(role.Policies).toHaveLength(1);
    expect(role.Policies[0]?.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: ['events:PutEvents'], Resource: homeBus },
    ]);
  });

  it('alarms when anything lands in its dead-letter queue', () => {
    expect(props<Record<string, unknown>>(forwarder.template, 'ForwarderDeadLetterQueueAlarm')).toMatchObject(
      {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      },
    );
  });
});

describe('incident digests', () => {
  it('runs the digest flush every 15 minutes from a plain ENABLED schedule rule, with its own least-privilege role', () => {
    const rule = props<{ ScheduleExpression: string; State: string; Targets: { Arn: unknown }[] }>(
      dev.template,
      'DigestScheduleRule',
    );
    expect(rule).toMatchObject({ ScheduleExpression: 'rate(15 minutes)', State: 'ENABLED' });
    expect(rule.Targets[0]?.Arn).toEqual({ 'Fn::GetAtt': ['FlushDigestsLambdaFunction', 'Arn'] });
    const role = JSON.stringify(props<Record<string, unknown>>(dev.template, 'FlushDigestsRole'));
    expect(role).toContain('dynamodb:Query');
    expect(role).not.toContain('iam:');
  });
});

describe('delivery lease', () => {
  it("lasts longer than one invocation can run and ends before Lambda's first retry", async () => {
    const { INCIDENT_DEFAULTS } = await import('../../src/lib/incidents/model.ts');
    const { ASYNC_RETRY_DELAYS_SECONDS } = await import('../../deploy/delivery.ts');
    expect(INCIDENT_DEFAULTS.leaseSeconds).toBeGreaterThan(FUNCTION_TIMEOUT_SECONDS);
    expect(INCIDENT_DEFAULTS.leaseSeconds).toBeLessThan(ASYNC_RETRY_DELAYS_SECONDS[0]);
  });
});
