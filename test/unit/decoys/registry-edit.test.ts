import { describe, expect, it } from '@jest/globals';
import { appendDecoy, NEW_REGISTRY, removeDecoy } from '../../../src/lib/decoys/registry-edit.ts';
import { REGISTRY_WITH_COMMENTS } from './cli-support.ts';

const entry = {
  userName: 'svc-orders-sync',
  accountId: '012345678901',
  accessKeyIds: ['AKIA4QZ7EXAMPLE3KJQW'],
  placement: 'ENV in the Dockerfile of acme/orders',
};

describe('registry edits', () => {
  it('appends an entry, keeps every comment and quotes an account ID with a leading zero', () => {
    const { text, registry } = appendDecoy(REGISTRY_WITH_COMMENTS, entry);
    // The yaml library keeps comments and values; it normalises spacing before an inline comment.
    const unchanged = REGISTRY_WITH_COMMENTS.replace('user   # keep', 'user # keep').trimEnd();
    expect(text.startsWith(unchanged)).toBe(true);
    expect(text).toContain('accountId: "012345678901"');
    expect(registry.byUser.get('012345678901/svc-orders-sync')?.accessKeyIds).toEqual([
      'AKIA4QZ7EXAMPLE3KJQW',
    ]);
  });

  it('turns the empty starter registry into a block list', () => {
    const { text } = appendDecoy(NEW_REGISTRY, entry);
    expect(text).toMatch(/^decoys:\n {2}- userName: svc-orders-sync$/m);
    expect(text).toContain('# Redeploy honeytrail after every change');
  });

  it('refuses an append that would make the registry invalid', () => {
    expect(() =>
      appendDecoy(REGISTRY_WITH_COMMENTS, { ...entry, accessKeyIds: ['AKIA2E0A8F3B244C9986'] }),
    ).toThrow(/already belongs to another decoy/);
  });

  it('removes one entry and leaves the file comments', () => {
    const added = appendDecoy(REGISTRY_WITH_COMMENTS, entry).text;
    const result = removeDecoy(added, 'prod-db-backup-user');
    expect(result?.removed.userName).toBe('prod-db-backup-user');
    expect(result?.registry.decoys.map((d) => d.userName)).toEqual(['svc-orders-sync']);
    expect(result?.text).toContain('# Owner: secops@acme.example');
    expect(removeDecoy(added, 'nobody')).toBeUndefined();
  });
});
