import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { analyzeRecord, useRule } from '../../../src/lib/detect/rules.ts';
import { tamperRule } from '../../../src/lib/detect/tamper/index.ts';
import { context, record, run } from './fixtures.ts';

const fixtures = readdirSync(join(process.cwd(), 'test', 'events', 'tamper'));
const misses = new Set([
  'attachuserpolicy-near-miss.json',
  'createaccesskey-near-miss.json',
  'attachgrouppolicy-other-group.json',
  'deleteuser-other-account.json',
  'quarantine-other-user.json',
  'taguser-near-miss.json',
  'detachuserpolicy-other-policy.json',
]);

describe('tamperRule', () => {
  it.each(fixtures.filter((name) => !misses.has(name)))(
    'raises exactly one critical, unsuppressible alert for %s',
    (name) => {
      const detections = run(tamperRule, record(`tamper/${name}`));
      expect(detections).toHaveLength(1);
      expect(detections[0]).toMatchObject({ kind: 'tamper', severity: 'critical', suppressible: false });
      expect(detections[0]?.event.target).toMatch(/^(user|group)\//);
    },
  );

  it.each([...misses])('stays silent for the near miss %s', (name) => {
    expect(run(tamperRule, record(`tamper/${name}`))).toEqual([]);
  });

  it('classifies AWS quarantine as exposure, not privilege grant', () => {
    expect(run(tamperRule, record('tamper/quarantine-v2.json')).map((d) => d.category)).toEqual([
      'aws-detected-exposure',
    ]);
  });

  it('gives every fixture a distinct detection id', () => {
    const ids = fixtures.flatMap((name) => run(tamperRule, record(`tamper/${name}`)).map((d) => d.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays silent for non-IAM calls and read-only IAM calls on a decoy', () => {
    const rec = record('tamper/deleteuser.json');
    rec.eventName = 'GetUser';
    expect(run(tamperRule, rec)).toEqual([]);
  });

  it('yields both a use and a tamper detection when the caller is itself a decoy', () => {
    const { detections } = analyzeRecord(record('tamper/createaccesskey-by-decoy-denied.json'), context, [
      useRule,
      tamperRule,
    ]);
    expect(detections.map((d) => d.kind).sort()).toEqual(['tamper', 'use']);
    const tamper = detections.find((d) => d.kind === 'tamper');
    expect(tamper?.suppressible).toBe(false);
    expect(new Set(detections.map((d) => d.id)).size).toBe(2);
  });

  it('leaves the use alert to the use rule when a decoy calls IAM on someone else', () => {
    const rec = record('tamper/createaccesskey-by-decoy-denied.json');
    rec.requestParameters = { userName: 'dev-jsmith' };
    const { detections } = analyzeRecord(rec, context, [useRule, tamperRule]);
    expect(detections.map((d) => d.kind)).toEqual(['use']);
  });
});
