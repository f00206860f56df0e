import { describe, expect, it } from '@jest/globals';
import { awsExposureRule } from '../../../src/lib/detect/tamper/aws-exposure.ts';
import { only, record, run } from './fixtures.ts';

describe('aws-detected-exposure', () => {
  it('says AWS found the key in public when AWS attaches its managed quarantine policy', () => {
    const detection = only(awsExposureRule, 'tamper/quarantine-v2.json');
    expect(detection).toMatchObject({
      kind: 'tamper',
      category: 'aws-detected-exposure',
      severity: 'critical',
      suppressible: false,
      decoy: { userName: 'ci-cd-deploy-admin' },
    });
    expect(detection.summary).toContain('AWS found the access key of this decoy exposed in public');
    expect(detection.summary).toContain('AWSCompromisedKeyQuarantineV2');
    expect(detection.summary).toContain('not attacker escalation');
    expect(detection.nextSteps.join(' ')).toMatch(/public copy of the key/);
    expect(detection.nextSteps.join(' ')).toMatch(/keep the decoy live .* or retire it/);
  });

  it('recognises the inline exposed-credential policy', () => {
    const detection = only(awsExposureRule, 'tamper/quarantine-inline.json');
    expect(detection.summary).toContain('AWSExposedCredentialPolicy_DO_NOT_REMOVE');
  });

  it.each(['AWSCompromisedKeyQuarantine', 'AWSCompromisedKeyQuarantineV3'])('recognises %s', (policy) => {
    const rec = record('tamper/quarantine-v2.json');
    rec.requestParameters = {
      userName: 'ci-cd-deploy-admin',
      policyArn: `arn:aws:iam::aws:policy/${policy}`,
    };
    expect(run(awsExposureRule, rec)).toHaveLength(1);
  });

  it('points out when someone other than AWS attached the quarantine policy', () => {
    const rec = record('tamper/quarantine-v2.json');
    rec.userIdentity = {
      type: 'IAMUser',
      arn: 'arn:aws:iam::123456789012:user/secops-anna',
      accountId: '123456789012',
    };
    rec.sourceIPAddress = '198.51.100.4';
    rec.userAgent = 'aws-cli/2.22.4';
    const [detection] = run(awsExposureRule, rec);
    expect(detection?.summary).toContain('secops-anna (not AWS itself)');
    expect(detection?.nextSteps[0]).toMatch(/AWS did not make this call/);
  });

  it('does not take an "AWS Internal" userAgent from a real principal as proof that AWS acted', () => {
    const rec = record('tamper/quarantine-v2.json');
    rec.userIdentity = {
      type: 'IAMUser',
      arn: 'arn:aws:iam::123456789012:user/dev-jsmith',
      accountId: '123456789012',
    };
    rec.sourceIPAddress = '185.220.101.47';
    const [detection] = run(awsExposureRule, rec);
    expect(rec.userAgent).toBe('AWS Internal');
    expect(detection?.summary).toContain('dev-jsmith (not AWS itself)');
  });

  it('stays silent for quarantine of a non-decoy user and for look-alike policy names', () => {
    expect(run(awsExposureRule, record('tamper/quarantine-other-user.json'))).toEqual([]);
    const rec = record('tamper/quarantine-v2.json');
    rec.requestParameters = {
      userName: 'ci-cd-deploy-admin',
      policyArn: 'arn:aws:iam::123456789012:policy/AWSCompromisedKeyQuarantineV2',
    };
    expect(run(awsExposureRule, rec)).toEqual([]);
  });

  it('stays silent for an ordinary policy grant', () => {
    expect(run(awsExposureRule, record('tamper/attachuserpolicy-admin.json'))).toEqual([]);
  });
});
