import { describe, expect, it } from '@jest/globals';
import { cli, workspace } from './cli-support.ts';

describe('honeytrail decoy command line', () => {
  it.each([
    [
      ['decoy', '--help'],
      /Usage: honeytrail decoy \[options\] \[command\][\s\S]*create[\s\S]*list[\s\S]*retire[\s\S]*verify/,
    ],
    [
      ['decoy', 'create', '--help'],
      /Usage: honeytrail decoy create[\s\S]*--placement <where>[\s\S]*CreateUser and CreateAccessKey only/,
    ],
    [['decoy', 'list', '--help'], /Usage: honeytrail decoy list[\s\S]*--decoys <file>[\s\S]*TABLE_NAME/],
    [
      ['decoy', 'retire', '--help'],
      /Usage: honeytrail decoy retire \[options\] <user>[\s\S]*Run 1 removes[\s\S]*Run 2 checks/,
    ],
    [
      ['decoy', 'verify', '--help'],
      /Usage: honeytrail decoy verify[\s\S]*--trail <name>[\s\S]*Exit codes: 0 no drift, 1 drift found/,
    ],
  ])('prints clear help for %j and exits 0', async (argv, text) => {
    const result = await cli(argv);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(text);
    expect(result.stderr).toBe('');
  });

  it.each([
    [['decoy', 'create', '--profile', 'ci'], /required option '--placement <where>' not specified/],
    [['decoy', 'create', '--placement', 'x'], /give either --name <user> or --profile <kind>/],
    [
      ['decoy', 'create', '--name', 'a', '--profile', 'ci', '--placement', 'x'],
      /cannot be used with option '--profile/,
    ],
    [
      ['decoy', 'create', '--profile', 'qa', '--placement', 'x'],
      /argument 'qa' is invalid. Allowed choices are ci, backup, deploy, dev/,
    ],
    [
      ['decoy', 'create', '--name', 'a', '--placement', 'x', '--format', 'yaml'],
      /Allowed choices are credentials, env/,
    ],
    [
      ['decoy', 'create', '--nmae', 'a', '--placement', 'x'],
      /unknown option '--nmae' \(Did you mean --name\?\)/,
    ],
    [['decoy', 'create', '--name', 'a', '--placement', 'x', '--account', '1234'], /12-digit AWS account ID/],
    [['decoy', 'retire'], /missing required argument 'user'/],
    [['decoy', 'retire', 'a', 'b'], /too many arguments/],
    [['decoy', 'list', '--decoys'], /option '--decoys <file>' argument missing/],
    [['decoy', 'frobnicate'], /unknown command 'frobnicate'/],
  ])('rejects %j with a one-line error and exit code 2', async (argv, message) => {
    const result = await cli(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^honeytrail: [^\n]+ \(see --help\)\n$/);
    expect(result.stdout).toBe('');
  });

  it('reports an unquoted account ID as one error line that says to quote the 12 digits, exit 2', async () => {
    const { decoys } = workspace('decoys:\n  - userName: x\n    accountId: 12345\n    placement: p\n');
    const result = await cli(['decoy', 'list', '--decoys', decoys]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `honeytrail: ${decoys}: decoys[0] (x).accountId: put the 12 digits in quotes, like accountId: "000000012345" (unquoted, YAML reads a number and drops leading zeros)\n`,
    );
  });

  it('lists decoys and says why the last detection is unavailable', async () => {
    const result = await cli(['decoy', 'list', '--decoys', 'test/events/decoys.yml']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^USER +ACCOUNT +KEYS +PLACEMENT\n/);
    expect(result.stdout).toMatch(/prod-db-backup-user +123456789012 +AKIA2E0A8F3B244C9986 +credentials.txt/);
    expect(result.stdout).toMatch(/svc-reporting-etl +111122223333 +\(by user name\)/);
    expect(result.stdout).toMatch(/last detection: unavailable \(TABLE_NAME is not set\)\n$/);
  });
});
