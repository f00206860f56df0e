import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeRuleCommand } from '@aws-sdk/client-eventbridge';
import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ScheduledAuditResult } from '../../src/lib/audit/run.ts';
import type { Detection } from '../../src/lib/detect/detection.ts';
import { makeStore } from '../../src/lib/store/dynamo.ts';
import { lambdaContext } from '../../src/local/lambda-context.ts';
import { type LocalStack, startLocalStack } from '../../src/local/stack.ts';
import { ACCOUNT, type FakeAws, fakeAws, healthy } from '../unit/audit/aws-fakes.ts';
import { cli } from '../unit/decoys/cli-support.ts';

type HandlerModule = typeof import('../../src/handlers/audit.ts');

let stack: LocalStack;
let mod: HandlerModule;
let aws: FakeAws;
const context = lambdaContext('audit');
const schedule = {
  version: '0',
  id: 'c3b1f0de-1d0c-4f5c-9c1e-5b2d3a4e6f70',
  'detail-type': 'Scheduled Event' as const,
  source: 'aws.events' as const,
  account: ACCOUNT,
  time: '2026-11-28T10:00:00Z',
  region: 'us-east-1',
  resources: [`arn:aws:events:us-east-1:${ACCOUNT}:rule/honeytrail-audit`],
  detail: {},
};

/** Plays the Tor Project's bulk exit list on loopback, so the weekly refresh runs over real HTTP. */
let torServer: Server;
let torRequests = 0;

beforeAll(async () => {
  stack = await startLocalStack({ tableName: 'audit-tests' });
  torServer = createServer((_req, res) => {
    torRequests += 1;
    res.end(Array.from({ length: 120 }, (_, i) => `185.220.101.${i + 1}`).join('\n'));
  });
  await new Promise<void>((resolve) => torServer.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, stack.env, {
    TOR_LIST_URL: `http://127.0.0.1:${(torServer.address() as AddressInfo).port}/torbulkexitlist`,
    DECOYS_FILE: 'test/events/decoys.yml',
    HONEYTRAIL_RULE_NAMES: 'honeytrail-use-1,honeytrail-tamper',
    TRAIL_NAME: '',
  });
  aws = fakeAws();
  mod = await import('../../src/handlers/audit.ts');
});
afterAll(async () => {
  torServer.close();
  aws.iam.restore();
  aws.cloudTrail.restore();
  aws.events.restore();
  await stack.stop();
});
beforeEach(() => {
  healthy(aws);
  stack.inbox.clear();
});

const run = (): Promise<ScheduledAuditResult> => mod.handler(structuredClone(schedule), context);

/** Runs the audit twice (the hourly schedule firing again) and returns the alerts of each run. */
async function twoRuns() {
  const first = await run();
  const alerts = await stack.inbox.waitFor(1);
  await stack.inbox.settle();
  stack.inbox.clear();
  const second = await run();
  const again = await stack.inbox.settle();
  return { first, alerts, second, again };
}

/** A subject without its incident ID, which is random per incident. */
const bare = (subject: string) => subject.replace(/ \[HT-[0-9A-Z]{4}-[0-9A-Z]{4}\]$/, '');

describe('scheduled audit against dynalite and the SNS emulator', () => {
  it('stays silent when decoys, trail and rules are as deployed, and saves a summary', async () => {
    const result = await run();
    expect(result.detections).toEqual([]);
    expect(result.summary.decoysChecked).toBe(2);
    expect(result.summary.skipped).toEqual(['111122223333/svc-reporting-etl']);
    // The first run fetches the Tor exit list; the next runs find it fresh for a week.
    expect(result.notes).toContainEqual(expect.stringMatching(/^Tor exit list refreshed: 120 addresses/));
    expect((await run()).notes).toContainEqual(expect.stringMatching(/^Tor exit list fresh: 120 addresses/));
    expect(torRequests).toBe(1);
    expect(await stack.inbox.settle()).toHaveLength(0);
    const item = await new DynamoDBClient({}).send(
      new GetItemCommand({
        TableName: 'audit-tests',
        Key: { pk: { S: 'AUDIT#latest' }, sk: { S: 'AUDIT' } },
      }),
    );
    expect(JSON.parse(item.Item?.summary?.S ?? '{}')).toMatchObject({ findings: 0, accountId: ACCOUNT });
  });

  it('alerts once when a policy is attached to a decoy, and not again on the next run', async () => {
    aws.iam.on(ListAttachedUserPoliciesCommand, { UserName: 'prod-db-backup-user' }).resolves({
      AttachedPolicies: [
        { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      ],
      IsTruncated: false,
    });
    const { first, alerts, second, again } = await twoRuns();
    expect(first.detections.map((d) => d.outcome)).toEqual(['alerted']);
    expect(alerts).toHaveLength(1);
    // The incident ID always survives the 100-character cut; the call name is what gives way.
    expect(alerts[0]?.subject).toMatch(
      /^\[honeytrail\] CRITICAL policy-attached: prod-db-backup-user - iam:ListAttachedUser\S* \[HT-[0-9A-Z]{4}-[0-9A-Z]{4}\]$/,
    );
    expect(alerts[0]?.attributes).toMatchObject({ severity: 'critical', kind: 'audit' });
    expect(alerts[0]?.email).toContain('arn:aws:iam::aws:policy/AdministratorAccess');
    const detection = JSON.parse(alerts[0]?.json ?? '{}') as Detection;
    expect(detection.id).toMatch(
      /^audit:123456789012\/prod-db-backup-user:policy-attached:arn:aws:iam::aws:policy\/AdministratorAccess@/,
    );
    expect(detection.actor).toMatchObject({ sourceIp: 'honeytrail audit', ipKind: 'missing', confidence: 0 });
    expect(second.detections).toEqual([{ ...first.detections[0], outcome: 'duplicate' }]);
    expect(again).toHaveLength(0);
  });

  it('alerts once when a decoy is added to a group', async () => {
    aws.iam.on(ListGroupsForUserCommand, { UserName: 'ci-cd-deploy-admin' }).resolves({
      Groups: [
        {
          GroupName: 'platform-admins',
          GroupId: 'AGPAEXAMPLEGROUP0001',
          Path: '/',
          Arn: `arn:aws:iam::${ACCOUNT}:group/platform-admins`,
          CreateDate: new Date('2025-01-01T00:00:00Z'),
        },
      ],
      IsTruncated: false,
    });
    const { alerts, again } = await twoRuns();
    expect(alerts.map((a) => bare(a.subject))).toEqual([
      '[honeytrail] CRITICAL group-member: ci-cd-deploy-admin - iam:ListGroupsForUser',
    ]);
    expect(again).toHaveLength(0);
  });

  it('alerts once when a decoy gets a console password', async () => {
    aws.iam.on(GetLoginProfileCommand, { UserName: 'prod-db-backup-user' }).resolves({
      LoginProfile: {
        UserName: 'prod-db-backup-user',
        CreateDate: new Date('2026-11-28T08:12:00Z'),
        PasswordResetRequired: false,
      },
    });
    const { alerts, again } = await twoRuns();
    expect(alerts.map((a) => bare(a.subject))).toEqual([
      '[honeytrail] CRITICAL login-profile: prod-db-backup-user - iam:GetLoginProfile',
    ]);
    expect(again).toHaveLength(0);
  });

  it('raises one safety-net alert when IAM reports a use newer than the last detection, naming service and region', async () => {
    const seen = new Date(Date.now() - 3 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const unseen = new Date(Date.now() - 2 * 3600_000);
    await makeStore({
      tableName: 'audit-tests',
      retentionDays: 30,
      client: new DynamoDBClient({}),
    }).detections.record({
      detection: useDetection('prod-db-backup-user', seen),
      alertState: 'sent',
      incidentId: 'HT-TEST-0001',
    });
    aws.iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIA2E0A8F3B244C9986' }).resolves({
      UserName: 'prod-db-backup-user',
      AccessKeyLastUsed: { LastUsedDate: unseen, ServiceName: 's3', Region: 'ap-southeast-2' },
    });
    const { first, alerts, again } = await twoRuns();
    expect(first.detections).toEqual([
      {
        id: `safety-net:123456789012/prod-db-backup-user:AKIA2E0A8F3B244C9986:${unseen.toISOString()}`,
        category: 'key-used-unseen',
        outcome: 'alerted',
      },
    ]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.attributes).toMatchObject({ kind: 'safety-net', severity: 'critical' });
    expect(alerts[0]?.subject).toContain('key-used-unseen: prod-db-backup-user');
    expect(alerts[0]?.email).toContain('s3 in ap-southeast-2');
    expect(alerts[0]?.email).toContain(seen);
    expect(again).toHaveLength(0);
  });

  it('does not raise the safety net when the last use IAM reports is the one honeytrail saw', async () => {
    const seen = new Date(Date.now() - 5 * 3600_000);
    await makeStore({
      tableName: 'audit-tests',
      retentionDays: 30,
      client: new DynamoDBClient({}),
    }).detections.record({
      detection: useDetection('ci-cd-deploy-admin', seen.toISOString().replace(/\.\d+Z$/, 'Z')),
      alertState: 'sent',
      incidentId: 'HT-TEST-0001',
    });
    aws.iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIAY4M2PZ7NQ3XR5TKL' }).resolves({
      UserName: 'ci-cd-deploy-admin',
      AccessKeyLastUsed: {
        LastUsedDate: new Date(seen.getTime() + 40_000),
        ServiceName: 'sts',
        Region: 'us-east-1',
      },
    });
    expect((await run()).detections).toEqual([]);
    expect(await stack.inbox.settle()).toHaveLength(0);
  });

  it('alerts once when the trail stops logging', async () => {
    aws.cloudTrail.on(GetTrailStatusCommand).resolves({
      IsLogging: false,
      StopLoggingTime: new Date('2026-11-28T07:55:00Z'),
    });
    const { alerts, again } = await twoRuns();
    expect(alerts.map((a) => bare(a.subject))).toEqual([
      '[honeytrail] CRITICAL trail-stopped: management-events - cloudtrail:GetTrailStatus',
    ]);
    expect(alerts[0]?.email).toContain('2026-11-28T07:55:00');
    expect(again).toHaveLength(0);
  });

  it('alerts once when a honeytrail rule is disabled', async () => {
    aws.events.on(DescribeRuleCommand, { Name: 'honeytrail-tamper' }).resolves({
      Name: 'honeytrail-tamper',
      State: 'DISABLED',
      EventPattern: '{"source":["aws.iam"]}',
    });
    const { alerts, again } = await twoRuns();
    expect(alerts.map((a) => bare(a.subject))).toEqual([
      '[honeytrail] CRITICAL rule-state: honeytrail-tamper - events:DescribeRule',
    ]);
    expect(again).toHaveLength(0);
  });

  it('alerts again when drift that was fixed comes back', async () => {
    const disable = () =>
      aws.events
        .on(DescribeRuleCommand, { Name: 'honeytrail-use-1' })
        .resolves({ Name: 'honeytrail-use-1', State: 'ENABLED' });
    disable();
    await run();
    expect(await stack.inbox.waitFor(1)).toHaveLength(1);
    healthy(aws);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await run()).detections).toEqual([]);
    disable();
    await run();
    expect(await stack.inbox.waitFor(2)).toHaveLength(2);
    expect(await stack.inbox.settle()).toHaveLength(2);
  });
});

function useDetection(userName: string, time: string): Detection {
  return {
    id: `evt-${userName}-${time}:use:${ACCOUNT}/${userName}`,
    kind: 'use',
    severity: 'high',
    category: 'key-use',
    title: `Decoy ${userName} used: sts:GetCallerIdentity`,
    summary: 'seen',
    nextSteps: [],
    decoy: { userName, accountId: ACCOUNT, placement: 'test' },
    event: {
      id: `evt-${userName}-${time}`,
      name: 'GetCallerIdentity',
      source: 'sts.amazonaws.com',
      time,
      region: 'us-east-1',
    },
    actor: {
      sourceIp: '203.0.113.50',
      ipKind: 'public-v4',
      userAgent: 'aws-cli/2.22.4',
      verdict: 'unknown',
      confidence: 0.2,
      reasons: [],
      escalate: false,
    },
    suppressible: true,
  };
}

describe('decoy list and verify against the local table', () => {
  it("shows each decoy's last detection from DynamoDB", async () => {
    await makeStore({
      tableName: 'audit-tests',
      retentionDays: 30,
      client: new DynamoDBClient({}),
    }).detections.record({
      detection: useDetection('ci-cd-deploy-admin', '2026-11-27T06:30:00Z'),
      alertState: 'sent',
      incidentId: 'HT-TEST-0001',
    });
    const result = await cli(['decoy', 'list', '--decoys', 'test/events/decoys.yml'], {
      TABLE_NAME: 'audit-tests',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^USER +ACCOUNT +KEYS +LAST DETECTION +PLACEMENT$/m);
    expect(result.stdout).toMatch(
      /ci-cd-deploy-admin +123456789012 +AKIAY4M2PZ7NQ3XR5TKL +\S+Z (audit|use)\/[\w-]+ +ENV/,
    );
    expect(result.stdout).toMatch(
      /prod-db-backup-user +123456789012 +AKIA2E0A8F3B244C9986 +\S+Z (audit|safety-net)\//,
    );
    expect(result.stdout).toMatch(/svc-reporting-etl +111122223333 +\(by user name\) +never/);
  });

  it('still prints the table when DynamoDB is unreachable, with the reason', async () => {
    const down = new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    const result = await cli(
      ['decoy', 'list', '--decoys', 'test/events/decoys.yml'],
      { TABLE_NAME: 'audit-tests' },
      {
        dynamo: () => down,
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^prod-db-backup-user +123456789012/m);
    expect(result.stdout).toMatch(/last detection: unavailable \(.*ECONNREFUSED.*\)\n$/);
  });

  it('verify compares IAM last use with the stored detections when TABLE_NAME is set', async () => {
    aws.iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIAY4M2PZ7NQ3XR5TKL' }).resolves({
      UserName: 'ci-cd-deploy-admin',
      AccessKeyLastUsed: {
        LastUsedDate: new Date(Date.now() - 3600_000),
        ServiceName: 'lambda',
        Region: 'sa-east-1',
      },
    });
    const result = await cli(
      ['decoy', 'verify', '--decoys', 'test/events/decoys.yml', '--account', ACCOUNT],
      { TABLE_NAME: 'audit-tests', HONEYTRAIL_RULE_NAMES: 'honeytrail-use-1' },
      { now: () => new Date() },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^SAFETY-NET key-used-unseen access-key\/AKIAY4M2PZ7NQ3XR5TKL: .*lambda in sa-east-1/m,
    );
    expect(await stack.inbox.settle()).toHaveLength(0);
  });
});
