import { describe, expect, it } from '@jest/globals';
import { credentialCreateRule } from '../../../src/lib/detect/tamper/credential-create.ts';
import { only, record, run } from './fixtures.ts';

describe('credential-create', () => {
  it('raises a critical alert when a new access key is created for a decoy', () => {
    const detection = only(credentialCreateRule, 'tamper/createaccesskey.json');
    expect(detection).toMatchObject({
      kind: 'tamper',
      category: 'credential-create',
      severity: 'critical',
      suppressible: false,
      event: { target: 'user/prod-db-backup-user' },
    });
    expect(detection.summary).toContain('a new access key');
    expect(detection.summary).toContain('the call succeeded');
    expect(detection.nextSteps[0]).toMatch(/^Delete the new access key/);
  });

  it.each([
    ['tamper/createloginprofile-denied.json', 'a console password', true],
    ['tamper/updateloginprofile.json', 'a new console password', false],
    ['tamper/uploadsshpublickey.json', 'an SSH public key', false],
    ['tamper/createservicespecificcredential.json', 'a service-specific credential', false],
    ['tamper/uploadsigningcertificate-denied.json', 'a signing certificate', true],
    ['tamper/enablemfadevice.json', 'an MFA device', false],
  ])('raises a critical alert for %s, denied or not', (name, made, denied) => {
    const detection = only(credentialCreateRule, name);
    expect(detection.severity).toBe('critical');
    expect(detection.summary).toContain(made);
    expect(detection.summary).toContain(denied ? 'was denied (AccessDenied' : 'the call succeeded');
    expect(detection.nextSteps[0]).toMatch(denied ? /^Nothing was created/ : /^(Delete|Deactivate)/);
  });

  it('matches CreateVirtualMFADevice by a device name equal to a decoy name', () => {
    const detection = only(credentialCreateRule, 'tamper/createvirtualmfadevice.json');
    expect(detection.decoy?.userName).toBe('ci-cd-deploy-admin');
  });

  it('stays silent for a virtual MFA device whose name only contains a decoy name', () => {
    const rec = record('tamper/createvirtualmfadevice.json');
    rec.requestParameters = { virtualMFADeviceName: 'ci-cd-deploy-admin-phone', path: '/' };
    expect(run(credentialCreateRule, rec)).toEqual([]);
  });

  it('catches a decoy key creating a key for itself without naming a user', () => {
    const detection = only(credentialCreateRule, 'tamper/createaccesskey-by-decoy-denied.json');
    expect(detection.decoy?.userName).toBe('prod-db-backup-user');
    expect(detection.summary).toContain('The caller is itself the decoy prod-db-backup-user.');
    expect(detection.nextSteps.join(' ')).toContain(
      'The caller is the planted decoy prod-db-backup-user itself',
    );
    expect(detection.nextSteps.join(' ')).not.toContain('got its credentials');
  });

  it('finds the target in the response when the request names no user', () => {
    const rec = record('tamper/createaccesskey.json');
    rec.requestParameters = null;
    rec.userIdentity = {
      type: 'IAMUser',
      arn: 'arn:aws:iam::123456789012:user/other',
      accountId: '123456789012',
    };
    expect(run(credentialCreateRule, rec)[0]?.decoy?.userName).toBe('prod-db-backup-user');
  });

  it('stays silent for a user whose name contains a decoy name', () => {
    expect(run(credentialCreateRule, record('tamper/createaccesskey-near-miss.json'))).toEqual([]);
  });

  it('stays silent when a non-decoy user creates a key for itself', () => {
    const rec = record('tamper/createaccesskey-near-miss.json');
    rec.requestParameters = null;
    expect(run(credentialCreateRule, rec)).toEqual([]);
  });
});
