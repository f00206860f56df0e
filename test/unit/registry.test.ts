import { describe, expect, it } from '@jest/globals';
import { parseRegistry } from '../../src/lib/decoys/registry.ts';

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
    expect(() => parseRegistry(bad, 'decoys.yml')).toThrow(/decoys\.yml: decoys\[1\] \(ci-cd-deploy-admin\)\.accountId/);
  });

  it('rejects a user name with a path', () => {
    expect(() => parseRegistry(good.replace('userName: ci-cd-deploy-admin', 'userName: /svc/ci'))).toThrow(
      /decoys\[1\].*userName: expected an IAM user name without path/,
    );
  });

  it('rejects unknown fields so typos do not pass silently', () => {
    expect(() => parseRegistry(good.replace('placement: "env', 'placment: "x"\n    placement: "env'))).toThrow(
      /decoys\[1\] \(ci-cd-deploy-admin\)\.\(entry\)|placment/,
    );
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
