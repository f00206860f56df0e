import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ROOT } from './support.ts';

function packageProd(...params: string[]) {
  const run = spawnSync(
    join(ROOT, 'node_modules/.bin/serverless'),
    ['package', '--stage', 'prod', '--package', mkdtempSync(join(tmpdir(), 'honeytrail-pkg-')), ...params],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, TABLE_NAME: '', TOPIC_ARN: '' } },
  );
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('serverless package with an unusable decoy registry', () => {
  it('stops with one line naming the fix when decoys.yml does not exist', () => {
    const run = packageProd('--param', 'decoysFile=no-such-decoys.yml');
    expect(run.code).toBe(1);
    expect(run.output).toBe(
      'honeytrail: no decoy registry at no-such-decoys.yml for stage prod: create it (cp decoys.example.yml decoys.yml) or pass --param decoysFile=FILE\n',
    );
  }, 120_000);

  it('stops with one line when an account ID is not quoted', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'honeytrail-decoys-')), 'decoys.yml');
    writeFileSync(file, 'decoys:\n  - userName: x\n    accountId: 12345678901\n    placement: p\n');
    const run = packageProd('--param', `decoysFile=${file}`);
    expect(run.code).toBe(1);
    expect(run.output).toMatch(
      /^honeytrail: [^\n]*accountId: put the 12 digits in quotes, like accountId: "012345678901"[^\n]*\n$/,
    );
  }, 120_000);
});
