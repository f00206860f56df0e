import { describe, expect, it } from '@jest/globals';
import { detectorTamperRule } from '../../../src/lib/detect/detector-tamper.ts';
import { analyzeRecord } from '../../../src/lib/detect/rules.ts';
import { context, detector, only, record, registry, run } from './fixtures.ts';

describe('detector-tamper', () => {
  it.each([
    ['detector/stoplogging.json', 'trail-disabled', 'honeytrail-management'],
    ['detector/deletetrail-denied.json', 'trail-disabled', 'honeytrail-management'],
    ['detector/updatetrail.json', 'trail-modified', 'honeytrail-management'],
    ['detector/puteventselectors.json', 'trail-modified', 'honeytrail-management'],
    ['detector/disablerule.json', 'rule-disabled', 'honeytrail-cloudtrail-home'],
    ['detector/deleterule.json', 'rule-disabled', 'honeytrail-forward-eu-west-1'],
    ['detector/removetargets.json', 'rule-disabled', 'honeytrail-cloudtrail-home'],
    ['detector/putrule-enabled.json', 'rule-modified', 'honeytrail-cloudtrail-home'],
    ['detector/deletefunction.json', 'function-tampered', 'honeytrail-prod-detect'],
    ['detector/removepermission.json', 'function-tampered', 'honeytrail-prod-detect'],
    ['detector/updatefunctionconfiguration.json', 'function-tampered', 'honeytrail-prod-audit'],
    ['detector/deletetopic.json', 'topic-tampered', 'honeytrail-alerts'],
    ['detector/unsubscribe.json', 'topic-tampered', 'honeytrail-alerts'],
    ['detector/settopicattributes.json', 'topic-tampered', 'honeytrail-alerts'],
    ['detector/deletetable.json', 'table-deleted', 'honeytrail-prod-detections'],
  ])('raises a critical, unsuppressible alert for %s', (name, category, subject) => {
    const detection = only(detectorTamperRule, name);
    expect(detection).toMatchObject({
      kind: 'detector-tamper',
      severity: 'critical',
      category,
      suppressible: false,
    });
    expect(detection.id).toMatch(new RegExp(`^${detection.event.id}:detector-tamper:[a-z]+/${subject}$`));
    expect(detection.title).toContain(subject);
    expect(detection.event.target).toBeTruthy();
    expect(detection.decoy).toBeUndefined();
  });

  it.each([
    'detector/stoplogging-other-trail.json',
    'detector/disablerule-other.json',
    'detector/deletefunction-other.json',
    'detector/unsubscribe-other-topic.json',
  ])('stays silent for a look-alike resource that is not honeytrail’s: %s', (name) => {
    expect(run(detectorTamperRule, record(name))).toEqual([]);
  });

  it('covers rules of the per-region forwarder stacks by name prefix, and nothing beyond the prefix', () => {
    const disable = record('detector/disablerule.json');
    const forwarder = { ...disable, requestParameters: { name: 'honeytrail-forwarder-prod-forward-use-1' } };
    const prefixed = { ...context, detector: { ...detector, rulePrefixes: ['honeytrail-forwarder-prod-'] } };
    expect(run(detectorTamperRule, forwarder, prefixed).map((d) => d.category)).toEqual(['rule-disabled']);
    const stranger = { ...disable, requestParameters: { name: 'honeytrail-forwarder-dev-forward-use-1' } };
    expect(run(detectorTamperRule, stranger, prefixed)).toEqual([]);
  });

  it('guards the chat topic as it guards the alert topic, once one is configured', () => {
    const chatArn = 'arn:aws:sns:us-east-1:123456789012:honeytrail-prod-chat';
    const deleteChat = { ...record('detector/deletetopic.json'), requestParameters: { topicArn: chatArn } };
    expect(run(detectorTamperRule, deleteChat)).toEqual([]);
    const withChat = { ...context, detector: { ...detector, chatTopicArn: chatArn } };
    expect(run(detectorTamperRule, deleteChat, withChat).map((d) => d.category)).toEqual(['topic-tampered']);
  });

  it('yields nothing when the detector resources are not configured', () => {
    expect(run(detectorTamperRule, record('detector/deletetopic.json'), { registry })).toEqual([]);
  });

  it('says the alert path itself is being removed on DeleteTopic', () => {
    const detection = only(detectorTamperRule, 'detector/deletetopic.json');
    expect(detection.summary).toContain('deletes the alert topic itself');
    expect(detection.summary).toContain('cannot be delivered through SNS');
  });

  it('reports whether the call was denied, and by whom', () => {
    const detection = only(detectorTamperRule, 'detector/deletetrail-denied.json');
    expect(detection.summary).toContain('arn:aws:iam::123456789012:user/dev-jsmith');
    expect(detection.summary).toContain('was denied (AccessDenied');
    expect(detection.nextSteps[0]).toMatch(/^Nothing changed/);
    expect(only(detectorTamperRule, 'detector/stoplogging.json').summary).toContain('the call succeeded');
  });

  it('matches any trail when no trail name is configured, and says so', () => {
    const { trailName: _unused, ...withoutTrail } = detector;
    const detection = only(detectorTamperRule, 'detector/stoplogging-other-trail.json', {
      registry,
      detector: withoutTrail,
    });
    expect(detection.summary).toContain('No trail name is configured');
  });

  it('warns that a rule set to plain ENABLED loses read-only events', () => {
    expect(only(detectorTamperRule, 'detector/putrule-enabled.json').summary).toContain(
      'drops read-only calls',
    );
    const rec = record('detector/putrule-enabled.json');
    rec.requestParameters = { ...rec.requestParameters, state: 'DISABLED' };
    expect(run(detectorTamperRule, rec)[0]?.category).toBe('rule-disabled');
  });

  it('handles Lambda version suffixes and ignores other Lambda calls that share a prefix', () => {
    const rec = record('detector/deletefunction.json');
    rec.eventName = 'DeleteFunctionConcurrency20171031';
    expect(run(detectorTamperRule, rec)).toEqual([]);
    rec.eventName = 'PutFunctionConcurrency20171031';
    expect(run(detectorTamperRule, rec)[0]?.category).toBe('function-tampered');
  });

  it('accepts a qualified function ARN and a table ARN', () => {
    const fn = record('detector/deletefunction.json');
    fn.requestParameters = {
      functionName: 'arn:aws:lambda:us-east-1:123456789012:function:honeytrail-prod-detect:live',
    };
    expect(run(detectorTamperRule, fn)).toHaveLength(1);
    const table = record('detector/deletetable.json');
    table.requestParameters = {
      tableName: 'arn:aws:dynamodb:us-east-1:123456789012:table/honeytrail-prod-detections',
    };
    expect(run(detectorTamperRule, table)).toHaveLength(1);
  });

  it('flags changes made through CloudFormation as a possible own deploy, still critical', () => {
    const detection = only(detectorTamperRule, 'detector/deletefunction-cloudformation.json');
    expect(detection.severity).toBe('critical');
    expect(detection.summary).toContain('came through CloudFormation');
  });

  it('stays silent for IAM tamper calls and leaves them to the tamper rule', () => {
    const { detections } = analyzeRecord(record('tamper/deleteuser.json'), context, [detectorTamperRule]);
    expect(detections).toEqual([]);
  });
});
