import { readFileSync } from 'node:fs';
import { DescribeRuleCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  GetAccessKeyLastUsedCommand,
  ListAttachedUserPoliciesCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { parseRegistry } from '../../../src/lib/decoys/registry-yaml.ts';
import { type FakeAws, fakeAws, healthy } from '../audit/aws-fakes.ts';
import { cli, REGISTRY_WITH_COMMENTS, workspace } from './cli-support.ts';

const USER = 'prod-db-backup-user';
const KEY = 'AKIA2E0A8F3B244C9986';
let aws: FakeAws;
const RULES = { HONEYTRAIL_RULE_NAMES: 'honeytrail-use-1,honeytrail-tamper' };

beforeEach(() => {
  aws ??= fakeAws();
  healthy(aws, { [USER]: [KEY] });
  aws.iam.on(UpdateAccessKeyCommand).resolves({});
  aws.iam.on(DeleteAccessKeyCommand).resolves({});
  aws.iam.on(DeleteUserCommand).resolves({});
});
afterAll(() => {
  aws.iam.restore();
  aws.cloudTrail.restore();
  aws.events.restore();
});

const writes = () =>
  aws.iam
    .calls()
    .map((call) => (call.args[0] as object).constructor.name)
    .filter((name) => !/^(Get|List)/.test(name));

describe('honeytrail decoy retire', () => {
  it('first unlists the decoy and touches nothing in IAM, so no tamper rule can fire', async () => {
    const { decoys } = workspace();
    const result = await cli(['decoy', 'retire', USER, '--decoys', decoys], RULES);
    expect(result.code).toBe(0);
    expect(aws.iam.calls()).toHaveLength(0);
    expect(result.stdout).toMatch(
      /redeploy honeytrail, then run "honeytrail decoy retire prod-db-backup-user" again/,
    );
    const text = readFileSync(decoys, 'utf8');
    expect(parseRegistry(text).decoys).toHaveLength(0);
    expect(text).toContain('# Owner: secops@acme.example');
    expect(text).toMatch(
      /^# retiring: prod-db-backup-user account 123456789012 keys AKIA2E0A8F3B244C9986 unlisted 2026-11-28T10:00:00.000Z$/m,
    );
  });

  it('refuses to delete in IAM while a deployed rule still matches the decoy', async () => {
    const { decoys } = workspace();
    await cli(['decoy', 'retire', USER, '--decoys', decoys], RULES);
    aws.events.on(DescribeRuleCommand, { Name: 'honeytrail-tamper' }).resolves({
      Name: 'honeytrail-tamper',
      State: 'ENABLED',
      EventPattern: JSON.stringify({ detail: { requestParameters: { userName: [USER] } } }),
    });
    const result = await cli(['decoy', 'retire', USER, '--decoys', decoys], RULES);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /rule honeytrail-tamper still matches prod-db-backup-user: redeploy honeytrail first/,
    );
    expect(writes()).toEqual([]);
  });

  it('after the redeploy, deactivates then deletes the key, deletes the user and marks it retired', async () => {
    const { decoys } = workspace();
    await cli(['decoy', 'retire', USER, '--decoys', decoys], RULES);
    aws.iam.on(GetAccessKeyLastUsedCommand).resolves({
      UserName: USER,
      AccessKeyLastUsed: {
        LastUsedDate: new Date('2026-11-20T10:00:00Z'),
        ServiceName: 'sts',
        Region: 'eu-west-1',
      },
    });
    const result = await cli(['decoy', 'retire', USER, '--decoys', decoys], RULES);
    expect(result.code).toBe(0);
    expect(writes()).toEqual(['UpdateAccessKeyCommand', 'DeleteAccessKeyCommand', 'DeleteUserCommand']);
    expect(aws.iam.commandCalls(UpdateAccessKeyCommand)[0]?.args[0].input).toEqual({
      UserName: USER,
      AccessKeyId: KEY,
      Status: 'Inactive',
    });
    expect(aws.events.commandCalls(DescribeRuleCommand)).toHaveLength(2);
    expect(result.stdout).toMatch(
      /Key AKIA2E0A8F3B244C9986 last used 2026-11-20T10:00:00.000Z \(sts in eu-west-1\)/,
    );
    expect(readFileSync(decoys, 'utf8')).toMatch(
      /^# retired: prod-db-backup-user account 123456789012 .* deleted 2026-11-28T10:00:00.000Z$/m,
    );
  });

  it('never deletes a user that is not a decoy honeytrail is retiring', async () => {
    const { decoys } = workspace();
    const result = await cli(['decoy', 'retire', 'alice', '--decoys', decoys], RULES);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/neither in .* nor marked "# retiring:"/);
    expect(aws.iam.calls()).toHaveLength(0);
  });

  it('stops when the user holds permissions: that is drift to investigate, not a decoy to delete', async () => {
    const { decoys } = workspace();
    await cli(['decoy', 'retire', USER, '--decoys', decoys], RULES);
    aws.iam.on(ListAttachedUserPoliciesCommand).resolves({
      AttachedPolicies: [
        { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      ],
    });
    const result = await cli(['decoy', 'retire', USER, '--decoys', decoys], RULES);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/holds policy arn:aws:iam::aws:policy\/ReadOnlyAccess/);
    expect(writes()).toEqual([]);
  });

  it('asks for proof of the redeploy when no rule names are known', async () => {
    const { decoys } = workspace(REGISTRY_WITH_COMMENTS);
    await cli(['decoy', 'retire', USER, '--decoys', decoys]);
    const result = await cli(['decoy', 'retire', USER, '--decoys', decoys]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--rules <names>.*--skip-deploy-check/);
    expect(writes()).toEqual([]);
    const forced = await cli(['decoy', 'retire', USER, '--decoys', decoys, '--skip-deploy-check']);
    expect(forced.code).toBe(0);
    expect(writes()).toEqual(['UpdateAccessKeyCommand', 'DeleteAccessKeyCommand', 'DeleteUserCommand']);
  });
});
