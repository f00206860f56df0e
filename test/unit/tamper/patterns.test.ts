import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseRegistry } from '../../../src/lib/decoys/registry-yaml.ts';
import {
  type EventPattern,
  type PatternValue,
  tamperEventPatterns,
} from '../../../src/lib/detect/tamper/patterns.ts';
import { detector, envelope, registry } from './fixtures.ts';

/** Just enough of EventBridge matching for these patterns: exact values, prefixes, nesting, $or. */
function matches(pattern: EventPattern, event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const fields = event as Record<string, unknown>;
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === '$or') return (rule as EventPattern[]).some((alternative) => matches(alternative, event));
    const value = fields[key];
    if (Array.isArray(rule)) return (rule as PatternValue[]).some((want) => matchValue(want, value));
    return matches(rule as EventPattern, value);
  });
}

function matchValue(want: PatternValue, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (typeof want === 'string') return value === want;
  if ('prefix' in want) return value.startsWith(want.prefix);
  return value.toLowerCase() === want['equals-ignore-case'].toLowerCase();
}

const patterns = tamperEventPatterns(registry, detector);
const matchesAny = (name: string): boolean => patterns.some((p) => matches(p.pattern, envelope(name)));
const list = (dir: string): string[] => readdirSync(join(process.cwd(), 'test', 'events', dir));

describe('tamperEventPatterns', () => {
  it('returns user, group and detector patterns as plain JSON', () => {
    const names = patterns.map((p) => p.name);
    expect(names.slice(0, 3)).toEqual(['tamper-decoy-users', 'tamper-decoy-groups', 'detector-tamper']);
    expect(new Set(names.slice(2))).toEqual(new Set(['detector-tamper']));
    expect(JSON.parse(JSON.stringify(patterns))).toEqual(patterns);
  });

  it('lists decoy names as whole values in any case, never prefixes', () => {
    const users = patterns[0]?.pattern.detail as EventPattern;
    expect(JSON.stringify(users)).toContain(
      '"userName":[{"equals-ignore-case":"ci-cd-deploy-admin"},{"equals-ignore-case":"prod-db-backup-user"},{"equals-ignore-case":"svc-reporting-etl"}]',
    );
    const shouted = structuredClone(envelope('tamper/deleteuser.json'));
    shouted.detail.requestParameters = { userName: 'PROD-DB-BACKUP-USER' };
    expect(patterns.some((p) => matches(p.pattern, shouted))).toBe(true);
  });

  it.each(
    list('tamper').filter((name) => !/near-miss|other-group|other-account|other-user|by-decoy/.test(name)),
  )('delivers %s', (name) => {
    expect(matchesAny(`tamper/${name}`)).toBe(true);
  });

  it.each([
    'attachuserpolicy-near-miss.json',
    'createaccesskey-near-miss.json',
    'attachgrouppolicy-other-group.json',
  ])('does not deliver the near miss %s', (name) => {
    expect(matchesAny(`tamper/${name}`)).toBe(false);
  });

  it.each(list('detector'))('the detector pattern delivers %s (the rule checks the resource)', (name) => {
    expect(matchesAny(`detector/${name}`)).toBe(true);
  });

  it('leaves a decoy minting a key for itself (no userName) to the decoy-use pattern', () => {
    expect(matchesAny('tamper/createaccesskey-by-decoy-denied.json')).toBe(false);
  });

  it('does not deliver read-only IAM calls on a decoy', () => {
    const event = structuredClone(envelope('tamper/deleteuser.json'));
    event.detail.eventName = 'GetUser';
    expect(patterns.some((p) => matches(p.pattern, event))).toBe(false);
  });

  it('leaves out the group pattern when no decoy declares groups, and the detector one without resources', () => {
    const plain = parseRegistry(
      'decoys:\n  - userName: a-user\n    accountId: "123456789012"\n    placement: x\n',
    );
    expect(tamperEventPatterns(plain).map((p) => p.name)).toEqual(['tamper-decoy-users']);
  });
});
