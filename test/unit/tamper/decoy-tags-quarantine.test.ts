import { describe, expect, it } from '@jest/globals';
import { ALL_RULES } from '../../../src/lib/detect/all-rules.ts';
import { analyzeRecord } from '../../../src/lib/detect/rules.ts';
import { quarantineRemovedRule, tagChangeRule } from '../../../src/lib/detect/tamper/index.ts';
import { context, only, record, run } from './fixtures.ts';

describe('tag-change', () => {
  it('raises a critical tamper alert when a decoy is tagged, naming the tags and ABAC', () => {
    const detection = only(tagChangeRule, 'tamper/taguser-abac.json');
    expect(detection).toMatchObject({
      kind: 'tamper',
      category: 'tag-change',
      severity: 'critical',
      suppressible: false,
      decoy: { userName: 'ci-cd-deploy-admin' },
    });
    expect(detection.summary).toContain('team=platform-admins');
    expect(detection.summary).toContain('ABAC');
  });

  it('raises it for a denied UntagUser too, and says nothing changed', () => {
    const detection = only(tagChangeRule, 'tamper/untaguser-denied.json');
    expect(detection.summary).toContain('restricted');
    expect(detection.summary).toContain('was denied');
    expect(detection.nextSteps[0]).toMatch(/^Nothing changed/);
  });

  it('stays silent for a user whose name only starts like a decoy', () => {
    expect(run(tagChangeRule, record('tamper/taguser-near-miss.json'))).toEqual([]);
  });
});

describe('aws-quarantine-removed', () => {
  it('names the reversal when AWS’s managed quarantine policy is detached from a decoy', () => {
    const detection = only(quarantineRemovedRule, 'tamper/quarantine-detached.json');
    expect(detection).toMatchObject({
      kind: 'tamper',
      category: 'aws-quarantine-removed',
      severity: 'critical',
    });
    expect(detection.title).toContain('AWS quarantine removed');
    expect(detection.summary).toContain('AWSCompromisedKeyQuarantineV2');
    expect(detection.nextSteps[0]).toContain('aws iam attach-user-policy');
  });

  it('recognises deleting the inline exposed-credential policy, even when denied', () => {
    const detection = only(quarantineRemovedRule, 'tamper/quarantine-inline-deleted-denied.json');
    expect(detection.summary).toContain('AWSExposedCredentialPolicy_DO_NOT_REMOVE');
    expect(detection.nextSteps[0]).toMatch(/^Nothing changed/);
  });

  it('stays silent when another policy is detached from a decoy', () => {
    const { detections } = analyzeRecord(
      record('tamper/detachuserpolicy-other-policy.json'),
      context,
      ALL_RULES,
    );
    expect(detections).toEqual([]);
  });

  it('stays silent when the quarantine policy is detached from a user that is not a decoy', () => {
    const rec = record('tamper/quarantine-detached.json');
    rec.requestParameters = { ...rec.requestParameters, userName: 'svc-payments' };
    expect(run(quarantineRemovedRule, rec)).toEqual([]);
  });

  it('is the only tamper category for the reversal (not privilege-grant, not exposure)', () => {
    const { detections } = analyzeRecord(record('tamper/quarantine-detached.json'), context, ALL_RULES);
    expect(detections.map((d) => d.category)).toEqual(['aws-quarantine-removed']);
  });
});
