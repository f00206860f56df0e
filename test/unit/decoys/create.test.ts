import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  EntityAlreadyExistsException,
  IAMClient,
  LimitExceededException,
} from '@aws-sdk/client-iam';
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { parseRegistry } from '../../../src/lib/decoys/registry-yaml.ts';
import { cli, REGISTRY_WITH_COMMENTS, workspace } from './cli-support.ts';

const iam = mockClient(IAMClient);
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';
const NEW_KEY = 'AKIA4QZ7EXAMPLE3KJQW';

afterAll(() => iam.restore());
beforeEach(() => {
  iam.reset();
  iam.on(CreateUserCommand).callsFake((input: { UserName: string }) => ({
    User: {
      Path: '/',
      UserName: input.UserName,
      UserId: 'AIDA4QZ7EXAMPLEUSER01',
      Arn: `arn:aws:iam::123456789012:user/${input.UserName}`,
      CreateDate: new Date('2026-11-28T10:00:00Z'),
    },
  }));
  iam.on(CreateAccessKeyCommand).callsFake((input: { UserName: string }) => ({
    AccessKey: {
      UserName: input.UserName,
      AccessKeyId: NEW_KEY,
      Status: 'Active',
      SecretAccessKey: SECRET,
      CreateDate: new Date('2026-11-28T10:00:01Z'),
    },
  }));
});

const commandNames = () => iam.calls().map((call) => (call.args[0] as object).constructor.name);

describe('honeytrail decoy create', () => {
  it('makes only CreateUser and CreateAccessKey, prints a credentials block and appends a valid entry keeping comments', async () => {
    const { decoys } = workspace();
    const placement = '~/.aws/credentials on build agent ci-07';
    const result = await cli([
      'decoy',
      'create',
      '--profile',
      'ci',
      '--placement',
      placement,
      '--format',
      'credentials',
      '--decoys',
      decoys,
    ]);
    expect(result.code).toBe(0);
    expect(commandNames()).toEqual(['CreateUserCommand', 'CreateAccessKeyCommand']);
    const userName = iam.commandCalls(CreateUserCommand)[0]?.args[0].input.UserName ?? '';
    expect(iam.calls()[0]?.args[0].input).toEqual({ UserName: userName });
    expect(iam.calls()[1]?.args[0].input).toEqual({ UserName: userName });

    expect(result.stdout).toBe(
      `[default]\naws_access_key_id = ${NEW_KEY}\naws_secret_access_key = ${SECRET}\n`,
    );
    expect(result.stderr).not.toContain(SECRET);
    expect(result.stderr).toMatch(/redeploy honeytrail/);

    const text = readFileSync(decoys, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text.startsWith(REGISTRY_WITH_COMMENTS.trimEnd().split('\n').slice(0, 2).join('\n'))).toBe(true);
    for (const comment of [
      '# The first one, planted in 2025.',
      '# keep this name',
      '# Owner: secops@acme.example',
    ])
      expect(text).toContain(comment);
    const registry = parseRegistry(text);
    expect(registry.decoys).toHaveLength(2);
    expect(registry.byKey.get(NEW_KEY)).toMatchObject({ userName, accountId: '123456789012', placement });
    expect(text).toContain(`accountId: "123456789012"\n    accessKeyIds: [${NEW_KEY}]`);
  });

  it('writes --out with mode 0600 and creates decoys.yml when there is none', async () => {
    const { dir, decoys } = workspace(undefined);
    const out = join(dir, '.env');
    const result = await cli([
      'decoy',
      'create',
      '--name',
      'svc-billing-sync',
      '--placement',
      '.env of repo acme/billing',
      '--format',
      'dotenv',
      '--out',
      out,
      '--decoys',
      decoys,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(out, 'utf8')).toBe(
      `AWS_ACCESS_KEY_ID=${NEW_KEY}\nAWS_SECRET_ACCESS_KEY=${SECRET}\nAWS_REGION=us-east-1\n`,
    );
    expect(parseRegistry(readFileSync(decoys, 'utf8')).byUser.has('123456789012/svc-billing-sync')).toBe(
      true,
    );
  });

  it.each([
    ['honeypot-admin', /"honey"/],
    ['canary-ci', /"canary"/],
    ['svc-2f1c9a7e-4b3d-4c2a-9e8f-0a1b2c3d4e5f', /UUID/],
    ['deploy-a9f3c2e17b', /hex/],
    ['SpaceCrab/ci-deploy', /IAM paths/],
  ])('refuses the fingerprintable name %s before calling IAM, saying why', async (name, why) => {
    const { decoys } = workspace();
    const result = await cli(['decoy', 'create', '--name', name, '--placement', 'x', '--decoys', decoys]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(why);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(commandNames()).toEqual([]);
    expect(readFileSync(decoys, 'utf8')).toBe(REGISTRY_WITH_COMMENTS);
  });

  it('accepts a giveaway name with --force, but never an IAM path', async () => {
    const { decoys } = workspace();
    expect(
      (
        await cli([
          'decoy',
          'create',
          '--name',
          'bait-user',
          '--placement',
          'x',
          '--decoys',
          decoys,
          '--force',
        ])
      ).code,
    ).toBe(0);
    const path = await cli([
      'decoy',
      'create',
      '--name',
      'a/b',
      '--placement',
      'x',
      '--decoys',
      decoys,
      '--force',
    ]);
    expect(path.code).toBe(1);
    expect(path.stderr).not.toContain('--force');
  });

  it('says nothing was created when the IAM user already exists', async () => {
    const { decoys } = workspace();
    iam.on(CreateUserCommand).rejects(
      new EntityAlreadyExistsException({
        message: 'User with name svc-orders-sync already exists.',
        $metadata: {},
      }),
    );
    const result = await cli([
      'decoy',
      'create',
      '--name',
      'svc-orders-sync',
      '--placement',
      'x',
      '--decoys',
      decoys,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/already exists; nothing was created/);
    expect(commandNames()).toEqual(['CreateUserCommand']);
  });

  it('tries another generated name when a --profile name is taken in IAM', async () => {
    const { decoys } = workspace();
    let calls = 0;
    iam.on(CreateUserCommand).callsFake((input: { UserName: string }) => {
      calls += 1;
      if (calls === 1)
        throw new EntityAlreadyExistsException({ message: 'User already exists.', $metadata: {} });
      return { User: { UserName: input.UserName, Arn: `arn:aws:iam::123456789012:user/${input.UserName}` } };
    });
    const result = await cli([
      'decoy',
      'create',
      '--profile',
      'backup',
      '--placement',
      'x',
      '--decoys',
      decoys,
    ]);
    expect(result.stderr).toMatch(/already exists; nothing was created; trying another name/);
    expect(result.code).toBe(0);
    const names = iam.commandCalls(CreateUserCommand).map((call) => call.args[0].input.UserName);
    expect(names).toHaveLength(2);
    expect(names[0]).not.toBe(names[1]);
    expect(commandNames()).toEqual(['CreateUserCommand', 'CreateUserCommand', 'CreateAccessKeyCommand']);
  });

  it('deletes the user it created when the key cannot be created, and says so', async () => {
    const { decoys } = workspace();
    iam.on(CreateAccessKeyCommand).rejects(
      new LimitExceededException({
        message: 'Cannot exceed quota for AccessKeysPerUser: 2',
        $metadata: {},
      }),
    );
    const result = await cli([
      'decoy',
      'create',
      '--name',
      'svc-orders-sync',
      '--placement',
      'x',
      '--decoys',
      decoys,
    ]);
    expect(result.code).toBe(1);
    expect(commandNames()).toEqual(['CreateUserCommand', 'CreateAccessKeyCommand', 'DeleteUserCommand']);
    expect(result.stderr).toMatch(/Cleaned up: deleted IAM user svc-orders-sync/);
    expect(readFileSync(decoys, 'utf8')).toBe(REGISTRY_WITH_COMMENTS);
  });

  it('deletes key and user when the account is not the one asked for', async () => {
    const { dir, decoys } = workspace();
    const out = join(dir, 'credentials');
    const result = await cli([
      'decoy',
      'create',
      '--name',
      'svc-orders-sync',
      '--placement',
      'x',
      '--decoys',
      decoys,
      '--account',
      '210987654321',
      '--out',
      out,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/account 123456789012, not 210987654321/);
    expect(commandNames()).toEqual(['CreateUserCommand', 'DeleteUserCommand']);
    expect(existsSync(out)).toBe(false);
  });

  it('undoes everything when decoys.yml cannot be written', async () => {
    const { dir } = workspace();
    const decoys = join(dir, 'missing-dir', 'decoys.yml');
    const result = await cli([
      'decoy',
      'create',
      '--name',
      'svc-orders-sync',
      '--placement',
      'x',
      '--decoys',
      decoys,
    ]);
    expect(result.code).toBe(1);
    expect(commandNames()).toEqual([
      'CreateUserCommand',
      'CreateAccessKeyCommand',
      'DeleteAccessKeyCommand',
      'DeleteUserCommand',
    ]);
    expect(result.stderr).toMatch(/Discard any credentials already printed/);
    expect(iam.commandCalls(DeleteAccessKeyCommand)[0]?.args[0].input).toEqual({
      UserName: 'svc-orders-sync',
      AccessKeyId: NEW_KEY,
    });
    expect(iam.commandCalls(DeleteUserCommand)).toHaveLength(1);
  });
});
