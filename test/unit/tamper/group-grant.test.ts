import { describe, expect, it } from '@jest/globals';
import { groupGrantRule } from '../../../src/lib/detect/tamper/group-grant.ts';
import { only, record, run } from './fixtures.ts';

describe('group-privilege-grant', () => {
  it('raises a critical alert when a policy is attached to a group a decoy declares', () => {
    const detection = only(groupGrantRule, 'tamper/attachgrouppolicy-reporting-readers.json');
    expect(detection).toMatchObject({
      kind: 'tamper',
      category: 'group-privilege-grant',
      severity: 'critical',
      suppressible: false,
      decoy: { userName: 'svc-reporting-etl', accountId: '111122223333' },
      event: { target: 'group/reporting-readers' },
    });
    expect(detection.id).toBe(`${detection.event.id}:tamper:111122223333/group/reporting-readers`);
    expect(detection.summary).toContain('which holds decoy svc-reporting-etl');
    expect(detection.nextSteps.join(' ')).toContain('A decoy should belong to no group at all');
  });

  it('raises a critical alert for a denied inline group policy', () => {
    const detection = only(groupGrantRule, 'tamper/putgrouppolicy-reporting-readers-denied.json');
    expect(detection.summary).toContain('inline policy all');
    expect(detection.summary).toContain('was denied (AccessDenied');
  });

  it('stays silent for a group whose name only contains a decoy group name', () => {
    expect(run(groupGrantRule, record('tamper/attachgrouppolicy-other-group.json'))).toEqual([]);
  });

  it('matches the group in another case and names it as declared', () => {
    const rec = record('tamper/attachgrouppolicy-reporting-readers.json');
    rec.requestParameters = { ...rec.requestParameters, groupName: 'Reporting-Readers' };
    const [detection] = run(groupGrantRule, rec);
    expect(detection?.event.target).toBe('group/reporting-readers');
    expect(detection?.id).toMatch(/:tamper:111122223333\/group\/reporting-readers$/);
  });

  it('stays silent for the same group name in another account', () => {
    const rec = record('tamper/attachgrouppolicy-reporting-readers.json');
    rec.recipientAccountId = '123456789012';
    expect(run(groupGrantRule, rec)).toEqual([]);
  });
});
