import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadRegistryFile } from '../../src/lib/decoys/load.ts';
import { parseRegistryJson } from '../../src/lib/decoys/registry.ts';
import { parseRegistry } from '../../src/lib/decoys/registry-yaml.ts';

const good = `
decoys:
  - userName: prod-db-backup-user   # comment kept
    accountId: "123456789012"
    accessKeyIds: [AKIAEXAMPLEKEY000001]
    placement: "credentials.txt in the private repo acme/payments"
  - userName: ci-cd-deploy-admin
    accountId: "123456789012"
    placement: "env var in the build image"
`;

describe('decoy registry', () => {
  it('indexes decoys by key and by account/user', () => {
    const registry = parseRegistry(good);
    expect(registry.decoys).toHaveLength(2);
    expect(registry.byKey.get('AKIAEXAMPLEKEY000001')?.userName).toBe('prod-db-backup-user');
    expect(registry.byUser.get('123456789012/ci-cd-deploy-admin')?.accessKeyIds).toEqual([]);
  });

  it('names the entry and field when an account ID is not quoted digits', () => {
    const bad = good.replace('"123456789012"\n    placement: "env', '"12345"\n    placement: "env');
    expect(() => parseRegistry(bad, 'decoys.yml')).toThrow(
      /decoys\.yml: decoys\[1\] \(ci-cd-deploy-admin\)\.accountId/,
    );
  });

  it('says to quote the 12 digits when the account ID is an unquoted number, restoring lost zeros', () => {
    const bad = good.replace('"123456789012"\n    placement: "env', '012345678901\n    placement: "env');
    expect(() => parseRegistry(bad, 'decoys.yml')).toThrow(
      'decoys.yml: decoys[1] (ci-cd-deploy-admin).accountId: put the 12 digits in quotes, like accountId: "012345678901"',
    );
  });

  it('says how to quote a short account ID', () => {
    const bad = good.replace('"123456789012"\n    placement: "env', '"12345"\n    placement: "env');
    expect(() => parseRegistry(bad)).toThrow(
      /accountId: expected the 12-digit account ID in quotes, like accountId: "123456789012"/,
    );
  });

  it('names an unknown field', () => {
    expect(() =>
      parseRegistry(good.replace('placement: "env', 'placment: "x"\n    placement: "env')),
    ).toThrow(/decoys\[1\] \(ci-cd-deploy-admin\)\.\(entry\): unknown field "placment"/);
  });

  it('reads the compiled JSON registry with the same checks', () => {
    const registry = parseRegistry(good);
    const json = JSON.stringify({ decoys: registry.decoys });
    expect(parseRegistryJson(json).byKey.get('AKIAEXAMPLEKEY000001')?.userName).toBe('prod-db-backup-user');
    expect(() => parseRegistryJson('{"decoys":[{"userName":"x"}]}', 'decoys.json')).toThrow(
      /decoys\.json: decoys\[0\] \(x\)\.accountId: missing \(expected string\)/,
    );
    expect(() => parseRegistryJson('{', 'decoys.json')).toThrow(/decoys\.json: not valid JSON/);
  });

  it('points a missing registry at --decoys or the example file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'registry-'));
    expect(() => loadRegistryFile(join(dir, 'decoys.yml'))).toThrow(
      /no decoy registry at .*decoys\.yml: pass --decoys FILE, or start one with: cp decoys\.example\.yml decoys\.yml/,
    );
    writeFileSync(join(dir, 'decoys.json'), JSON.stringify({ decoys: [] }));
    expect(loadRegistryFile(join(dir, 'decoys.json')).decoys).toEqual([]);
  });

  it('rejects a user name with a path', () => {
    expect(() => parseRegistry(good.replace('userName: ci-cd-deploy-admin', 'userName: /svc/ci'))).toThrow(
      /decoys\[1\].*userName: expected an IAM user name without path/,
    );
  });

  it('rejects unknown fields so typos do not pass silently', () => {
    expect(() =>
      parseRegistry(good.replace('placement: "env', 'placment: "x"\n    placement: "env')),
    ).toThrow(/decoys\[1\] \(ci-cd-deploy-admin\)\.\(entry\)|placment/);
  });

  it('rejects the same key on two decoys', () => {
    const dup = good.replace('placement: "env', 'accessKeyIds: [AKIAEXAMPLEKEY000001]\n    placement: "env');
    expect(() => parseRegistry(dup)).toThrow(/AKIAEXAMPLEKEY000001 already belongs to another decoy/);
  });

  it('reports YAML syntax errors', () => {
    expect(() => parseRegistry('decoys: [\n  - a: b')).toThrow(/YAML syntax error/);
  });

  it('rejects a file without a decoys list', () => {
    expect(() => parseRegistry('users: []')).toThrow(/expected "decoys:" with a list/);
  });
});
