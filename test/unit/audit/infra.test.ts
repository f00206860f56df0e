import { describe, expect, it } from '@jest/globals';
import { managementCoverage, ruleFindings, trailFindings } from '../../../src/lib/audit/infra.ts';
import type { TrailState } from '../../../src/lib/aws/cloudtrail.ts';

const trail = (overrides: Partial<TrailState> = {}): TrailState => ({
  name: 'management-events',
  arn: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events',
  multiRegion: true,
  logging: true,
  eventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
  advancedEventSelectors: [],
  ...overrides,
});

const management = (readOnly?: string[]) => ({
  Name: 'Management events',
  FieldSelectors: [
    { Field: 'eventCategory', Equals: ['Management'] },
    ...(readOnly ? [{ Field: 'readOnly', Equals: readOnly }] : []),
  ],
});

describe('trail checks', () => {
  it('reads classic and advanced selectors', () => {
    expect(managementCoverage(trail())).toEqual({ read: true, write: true });
    expect(managementCoverage(trail({ eventSelectors: [{ ReadWriteType: 'WriteOnly' }] }))).toEqual({
      read: false,
      write: true,
    });
    expect(
      managementCoverage(
        trail({ eventSelectors: [{ ReadWriteType: 'ReadOnly' }, { ReadWriteType: 'WriteOnly' }] }),
      ),
    ).toEqual({ read: true, write: true });
    expect(
      managementCoverage(
        trail({ eventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false }] }),
      ),
    ).toEqual({
      read: false,
      write: false,
    });
    expect(managementCoverage(trail({ eventSelectors: [], advancedEventSelectors: [management()] }))).toEqual(
      { read: true, write: true },
    );
    expect(
      managementCoverage(trail({ eventSelectors: [], advancedEventSelectors: [management(['false'])] })),
    ).toEqual({
      read: false,
      write: true,
    });
    const dataOnly = {
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
      ],
    };
    expect(managementCoverage(trail({ eventSelectors: [], advancedEventSelectors: [dataOnly] }))).toEqual({
      read: false,
      write: false,
    });
  });

  it('reports a stopped, single-region or write-only named trail', () => {
    const findings = trailFindings(
      [trail({ logging: false, multiRegion: false, eventSelectors: [{ ReadWriteType: 'WriteOnly' }] })],
      'management-events',
      [],
    );
    expect(findings.map((f) => f.category)).toEqual([
      'trail-stopped',
      'trail-single-region',
      'trail-selectors',
    ]);
    expect(findings[2]?.summary).toMatch(/GetCallerIdentity/);
  });

  it('is satisfied by any one healthy multi-region trail when TRAIL_NAME is unset', () => {
    expect(trailFindings([trail({ name: 'old', logging: false }), trail()], undefined, [])).toEqual([]);
    expect(trailFindings([trail({ logging: false })], undefined, []).map((f) => f.category)).toEqual([
      'trail-stopped',
    ]);
    expect(
      trailFindings([], undefined, [{ name: 'eu-only', multiRegion: false }]).map((f) => f.category),
    ).toEqual(['trail-missing']);
    expect(trailFindings([], 'management-events', []).map((f) => f.key)).toEqual([
      'trail/management-events:missing',
    ]);
  });
});

describe('rule checks', () => {
  it('accepts only ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS and flags missing rules', () => {
    const findings = ruleFindings([
      { name: 'ok', state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' },
      { name: 'plain', state: 'ENABLED' },
      { name: 'off', state: 'DISABLED' },
      { name: 'gone' },
    ]);
    expect(findings.map((f) => [f.key, f.category])).toEqual([
      ['rule/plain:state-ENABLED', 'rule-state'],
      ['rule/off:state-DISABLED', 'rule-state'],
      ['rule/gone:missing', 'rule-missing'],
    ]);
    expect(findings[0]?.summary).toMatch(/drops read-only calls/);
  });

  it('expects the audit schedule rule to be plain ENABLED and flags it when disabled', () => {
    const schedule = { name: 'honeytrail-prod-audit', scheduleExpression: 'rate(1 hour)' };
    expect(ruleFindings([{ ...schedule, state: 'ENABLED' }])).toEqual([]);
    const [finding] = ruleFindings([{ ...schedule, state: 'DISABLED' }]);
    expect(finding?.key).toBe('rule/honeytrail-prod-audit:state-DISABLED');
    expect(finding?.title).toBe('EventBridge rule honeytrail-prod-audit is DISABLED, not ENABLED');
  });
});
