import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommanderError } from 'commander';
import { EXIT, exitCodeFor, UsageError } from '../../../src/cli/contract.ts';
import { nameFailedCalls } from '../../../src/lib/aws/errors.ts';
import { RegistryError } from '../../../src/lib/errors.ts';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

/** The compiled CLI, as a user runs it (jest's globalSetup compiled it for this run). */
function honeytrail(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/honeytrail', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('honeytrail command-line contract', () => {
  it('prints the package version for --version and exits 0', () => {
    expect(honeytrail('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints help on stdout for `help` and `--help`, exit 0, with every command and exit codes', () => {
    for (const args of [['help'], ['--help']]) {
      const run = honeytrail(...args);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/Commands:[\s\S]*analyze[\s\S]*decoy[\s\S]*help \[command\]/);
      expect(run.stdout).toMatch(/Exit codes: 0 success; 1 findings/);
    }
    const decoy = honeytrail('help', 'decoy');
    expect(decoy.code).toBe(0);
    expect(decoy.stdout).toMatch(/Usage: honeytrail decoy[\s\S]*verify/);
  });

  it('prints help on stderr and exits 2 when a command is left incomplete', () => {
    for (const args of [[], ['decoy']]) {
      const run = honeytrail(...args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^Usage: honeytrail/);
    }
  });

  it('reports a wrong command line as one honeytrail: line, exit 2', () => {
    const run = honeytrail('analyse', 'x');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("honeytrail: unknown command 'analyse' (Did you mean analyze?) (see --help)\n");
  });

  it('describes every option of every command', () => {
    for (const args of [
      ['--help'],
      ['analyze', '--help'],
      ['decoy', 'list', '--help'],
      ['decoy', 'verify', '--help'],
    ]) {
      const options =
        honeytrail(...args)
          .stdout.split('Options:')[1]
          ?.split(/\n\n/)[0] ?? '';
      for (const line of options.split('\n').filter((l) => /^\s+-/.test(l)))
        expect(line).toMatch(/^\s+-\S.*\s{2,}\S/);
    }
    expect(honeytrail('decoy', 'list', '--help').stdout).not.toMatch(/update/);
    expect(honeytrail('decoy', 'verify', '--help').stdout).not.toMatch(/update/);
  });

  it('maps errors to exit codes: usage and bad input files 2, everything else 1', () => {
    expect(exitCodeFor(new CommanderError(0, 'commander.helpDisplayed', ''))).toBe(EXIT.ok);
    expect(exitCodeFor(new CommanderError(1, 'commander.unknownOption', ''))).toBe(EXIT.usage);
    expect(exitCodeFor(new UsageError('x'))).toBe(EXIT.usage);
    expect(exitCodeFor(new RegistryError('x'))).toBe(EXIT.usage);
    expect(exitCodeFor(new Error('socket hang up'))).toBe(EXIT.failure);
  });
});

describe('a failed AWS call', () => {
  let server: Server;
  let endpoint = '';

  // A local endpoint that answers every IAM call the way IAM refuses one.
  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(403, { 'content-type': 'text/xml' });
      response.end(
        '<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/x is not authorized to perform: iam:GetUser</Message></Error><RequestId>r1</RequestId></ErrorResponse>',
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('names the service and the call, and keeps the AWS error name', async () => {
    const client = new IAMClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    nameFailedCalls(client);
    const failure = await client.send(new GetUserCommand({ UserName: 'x' })).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe('AccessDenied');
    expect((failure as Error).message).toBe(
      'IAM GetUser failed (AccessDenied): User: arn:aws:iam::123456789012:user/x is not authorized to perform: iam:GetUser',
    );
  });
});
