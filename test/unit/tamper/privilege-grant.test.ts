import { describe, expect, it } from '@jest/globals';
import { privilegeGrantRule } from '../../../src/lib/detect/tamper/privilege-grant.ts';
import { context, only, record, run } from './fixtures.ts';

describe('privilege-grant', () => {
  it('raises a critical alert when a policy is attached to a decoy, even if the call was denied', () => {
    const detection = only(privilegeGrantRule, 'tamper/attachuserpolicy-admin-denied.json');
    expect(detection).toMatchObject({
      kind: 'tamper',
      severity: 'critical',
      category: 'privilege-grant',
      suppressible: false,
      decoy: { userName: 'prod-db-backup-user', accountId: '123456789012' },
      event: { target: 'user/prod-db-backup-user', errorCode: 'AccessDenied' },
    });
    expect(detection.id).toBe(`${detection.event.id}:tamper:123456789012/prod-db-backup-user`);
    expect(detection.summary).toContain('arn:aws:iam::123456789012:user/dev-jsmith');
    expect(detection.summary).toContain('arn:aws:iam::aws:policy/AdministratorAccess');
    expect(detection.summary).toMatch(/was denied \(AccessDenied/);
    expect(detection.title).toContain('(denied)');
  });

  it('says the grant succeeded and how to undo it when the call went through', () => {
    const detection = only(privilegeGrantRule, 'tamper/attachuserpolicy-admin.json');
    expect(detection.summary).toContain('the call succeeded');
    expect(detection.summary).toContain('assumed-role/ops-admin/mallory');
    expect(detection.nextSteps[0]).toContain(
      'aws iam detach-user-policy --user-name ci-cd-deploy-admin --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
    );
    expect(detection.nextSteps.join(' ')).toMatch(/IAM write access: investigate/);
  });

  it.each([
    ['tamper/putuserpolicy-inline.json', 'inline policy backup-s3-full', 'delete-user-policy'],
    ['tamper/addusertogroup-admins-denied.json', 'group Admins', 'confirm'],
    ['tamper/putuserpermissionsboundary.json', 'permissions boundary', 'delete-user-permissions-boundary'],
    ['tamper/deleteuserpermissionsboundary.json', 'remove the permissions boundary', 'boundary'],
  ])('raises a critical alert for %s', (name, attempt, step) => {
    const detection = only(privilegeGrantRule, name);
    expect(detection.severity).toBe('critical');
    expect(detection.summary).toContain(attempt);
    expect(detection.nextSteps[0]).toContain(step);
  });

  it('stays silent for a user whose name only contains a decoy name', () => {
    expect(run(privilegeGrantRule, record('tamper/attachuserpolicy-near-miss.json'))).toEqual([]);
  });

  it('matches the decoy name in another case, since IAM names ignore case', () => {
    const rec = record('tamper/attachuserpolicy-admin.json');
    rec.requestParameters = { ...rec.requestParameters, userName: 'CI-CD-Deploy-Admin' };
    expect(run(privilegeGrantRule, rec)[0]?.decoy?.userName).toBe('ci-cd-deploy-admin');
  });

  it('stays silent for a decoy name in another account', () => {
    const rec = record('tamper/attachuserpolicy-admin.json');
    rec.recipientAccountId = '999988887777';
    expect(run(privilegeGrantRule, rec)).toEqual([]);
  });

  it('leaves AWS quarantine policies to the aws-detected-exposure rule', () => {
    expect(run(privilegeGrantRule, record('tamper/quarantine-v2.json'))).toEqual([]);
    expect(run(privilegeGrantRule, record('tamper/quarantine-inline.json'))).toEqual([]);
  });

  it('ignores the same call name from another service and calls that name no user', () => {
    const other = record('tamper/attachuserpolicy-admin.json');
    other.eventSource = 'sso.amazonaws.com';
    expect(run(privilegeGrantRule, other)).toEqual([]);
    const unnamed = record('tamper/attachuserpolicy-admin.json');
    unnamed.requestParameters = null;
    expect(run(privilegeGrantRule, unnamed)).toEqual([]);
  });

  it('cleans attacker-controlled policy names before putting them in text', () => {
    const rec = record('tamper/putuserpolicy-inline.json');
    rec.requestParameters = { ...rec.requestParameters, policyName: 'x\n\u202eevil\u0007' };
    const [detection] = run(privilegeGrantRule, rec, context);
    const text = [detection?.summary ?? '', ...(detection?.nextSteps ?? [])].join(' ');
    for (const bad of ['\n', '\u202e', '\u0007']) expect(text).not.toContain(bad);
    expect(text).toContain('inline policy x evil');
  });
});
