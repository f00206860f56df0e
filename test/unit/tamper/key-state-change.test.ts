import { describe, expect, it } from '@jest/globals';
import { keyStateChangeRule } from '../../../src/lib/detect/tamper/key-state-change.ts';
import { only, record, run } from './fixtures.ts';

describe('key-state-change', () => {
  it('raises a critical alert when a decoy key is deactivated, saying the trap is defused', () => {
    const detection = only(keyStateChangeRule, 'tamper/updateaccesskey-inactive.json');
    expect(detection).toMatchObject({
      category: 'key-state-change',
      severity: 'critical',
      suppressible: false,
    });
    expect(detection.summary).toContain(
      'set access key AKIA2E0A8F3B244C9986 of decoy user prod-db-backup-user to Inactive',
    );
    expect(detection.summary).toContain('can no longer raise use alerts');
    expect(detection.nextSteps[0]).toMatch(/^Restore the trap/);
  });

  it('raises a critical alert for a denied attempt to delete a decoy key', () => {
    const detection = only(keyStateChangeRule, 'tamper/deleteaccesskey-denied.json');
    expect(detection.summary).toContain('delete access key AKIAY4M2PZ7NQ3XR5TKL');
    expect(detection.summary).toContain('was denied (AccessDenied');
    expect(detection.nextSteps[0]).toMatch(/^Nothing changed/);
  });

  it('matches by a registered decoy key ID when no user is named', () => {
    const rec = record('tamper/deleteaccesskey-denied.json');
    rec.requestParameters = { accessKeyId: 'AKIAY4M2PZ7NQ3XR5TKL' };
    expect(run(keyStateChangeRule, rec)[0]?.decoy?.userName).toBe('ci-cd-deploy-admin');
  });

  it('says a reactivation means someone wants to use the key', () => {
    const rec = record('tamper/updateaccesskey-inactive.json');
    rec.requestParameters = { ...rec.requestParameters, status: 'Active' };
    expect(run(keyStateChangeRule, rec)[0]?.summary).toContain('Reactivating a decoy key');
  });

  it('stays silent for a non-decoy user, even when the key ID belongs to a decoy', () => {
    const rec = record('tamper/updateaccesskey-inactive.json');
    rec.requestParameters = { ...rec.requestParameters, userName: 'prod-db-backup-user-2' };
    expect(run(keyStateChangeRule, rec)).toEqual([]);
  });

  it('stays silent for an unknown key ID with no user', () => {
    const rec = record('tamper/updateaccesskey-inactive.json');
    rec.requestParameters = { accessKeyId: 'AKIAQX3JSMTH7EXAMPLE', status: 'Inactive' };
    expect(run(keyStateChangeRule, rec)).toEqual([]);
  });
});
