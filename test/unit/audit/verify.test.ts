import { ListUserPoliciesCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { cli, workspace } from '../decoys/cli-support.ts';
import { type FakeAws, fakeAws, healthy } from './aws-fakes.ts';

let aws: FakeAws;
const ONE_ACCOUNT = `decoys:
  - userName: prod-db-backup-user
    accountId: "123456789012"
    accessKeyIds: [AKIA2E0A8F3B244C9986]
    placement: "credentials.txt in the private repo acme/payments"
`;
const env = { HONEYTRAIL_RULE_NAMES: 'honeytrail-use-1' };

beforeEach(() => {
  aws ??= fakeAws();
  healthy(aws);
});
afterAll(() => {
  aws.iam.restore();
  aws.cloudTrail.restore();
  aws.events.restore();
});

describe('honeytrail decoy verify', () => {
  it('exits 0 and says so when nothing drifted', async () => {
    const { decoys } = workspace(ONE_ACCOUNT);
    const result = await cli(['decoy', 'verify', '--decoys', decoys], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/No drift: 1 decoy\(s\), the trail and the rules check out\./);
    expect(result.stdout).toMatch(/note: last-used check skipped: no detection store \(set TABLE_NAME\)/);
  });

  it('prints each finding with its fix and exits 1 on drift', async () => {
    const { decoys } = workspace(ONE_ACCOUNT);
    aws.iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: ['s3-full'], IsTruncated: false });
    const result = await cli(['decoy', 'verify', '--decoys', decoys], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^DRIFT inline-policy user\/prod-db-backup-user: Inline policy s3-full on decoy prod-db-backup-user\n {2}.+\n {2}fix: Delete the inline policy s3-full/m,
    );
    expect(result.stdout).toMatch(/1 finding\(s\) across 1 decoy\(s\)/);
  });

  it('asks which account when decoys.yml spans several (exit 2)', async () => {
    const result = await cli(['decoy', 'verify', '--decoys', 'test/events/decoys.yml'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^honeytrail: test\/events\/decoys.yml spans 2 accounts; say which with --account <id> \(see --help\)\n$/,
    );
    const chosen = await cli(
      ['decoy', 'verify', '--decoys', 'test/events/decoys.yml', '--account', '123456789012'],
      env,
    );
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toMatch(/skipped 1 decoy\(s\) in other accounts: 111122223333\/svc-reporting-etl/);
  });
});
