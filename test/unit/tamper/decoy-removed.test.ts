import { describe, expect, it } from '@jest/globals';
import { decoyRemovedRule } from '../../../src/lib/detect/tamper/decoy-removed.ts';
import { only, record, run } from './fixtures.ts';

describe('decoy-removed', () => {
  it('raises a critical alert when a decoy user is deleted', () => {
    const detection = only(decoyRemovedRule, 'tamper/deleteuser.json');
    expect(detection).toMatchObject({
      category: 'decoy-removed',
      severity: 'critical',
      suppressible: false,
      event: { target: 'user/prod-db-backup-user' },
    });
    expect(detection.summary).toContain('The decoy is gone');
    expect(detection.nextSteps[0]).toContain('recreate a decoy');
  });

  it('raises a critical alert for a denied delete too, and says the decoy still exists', () => {
    const rec = record('tamper/deleteuser.json');
    rec.errorCode = 'AccessDenied';
    rec.errorMessage = 'User is not authorized to perform: iam:DeleteUser';
    const [detection] = run(decoyRemovedRule, rec);
    expect(detection?.severity).toBe('critical');
    expect(detection?.summary).toContain('The decoy still exists');
  });

  it('stays silent for the decoy name in an account the registry does not list it in', () => {
    expect(run(decoyRemovedRule, record('tamper/deleteuser-other-account.json'))).toEqual([]);
  });

  it('stays silent for a user whose name contains a decoy name', () => {
    const rec = record('tamper/deleteuser.json');
    rec.requestParameters = { userName: 'prod-db-backup-user-2' };
    expect(run(decoyRemovedRule, rec)).toEqual([]);
  });
});
