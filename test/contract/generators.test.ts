import { describe, expect, it } from '@jest/globals';
import { homeResources, ruleNames } from '../../deploy/home.ts';
import { buildRegistry } from '../../src/lib/decoys/registry.ts';
import { type PolicyStatement, props, type RoleProps, type RuleProps } from './support.ts';

function registryOf(count: number) {
  return buildRegistry({
    decoys: Array.from({ length: count }, (_, i) => ({
      userName: `svc-batch-worker-${String(i).padStart(3, '0')}`,
      accountId: '123456789012',
      accessKeyIds: [`AKIA${String(i).padStart(16, '0')}`],
      placement: 'test',
      groups: [`batch-group-${i % 40}`],
    })),
  });
}

const input = (count: number) => ({ service: 'honeytrail', stage: 'prod', registry: registryOf(count) });
const options = { auditSchedule: 'rate(1 hour)', redriveSchedule: 'rate(5 minutes)' };

describe('resources generated from a large registry', () => {
  const resources = homeResources(input(60), options);
  const template = { Resources: resources };
  const ruleIds = Object.keys(resources).filter((id) => resources[id]?.Type === 'AWS::Events::Rule');

  it('splits use and tamper patterns over several rules, each with its own permission', () => {
    expect(ruleIds.filter((id) => id.startsWith('UseRule')).length).toBeGreaterThan(1);
    expect(ruleIds.filter((id) => id.startsWith('TamperRule')).length).toBeGreaterThan(1);
    for (const id of ruleIds) {
      expect(resources[`${id}Permission`]?.Type).toBe('AWS::Lambda::Permission');
      const pattern = props<RuleProps>(template, id).EventPattern;
      expect(JSON.stringify(pattern ?? {}).length).toBeLessThanOrEqual(2048);
    }
  });

  it('names every rule in HONEYTRAIL_RULE_NAMES and in the dead-letter queue policy', () => {
    const names = ruleIds.map((id) => props<RuleProps>(template, id).Name);
    expect(ruleNames(input(60), options).split(',')).toEqual(names);
    const policy = props<{ PolicyDocument: { Statement: PolicyStatement[] } }>(
      template,
      'RulesDeadLetterQueuePolicy',
    );
    expect(policy.PolicyDocument.Statement[0]?.Condition?.ArnEquals?.['aws:SourceArn']).toHaveLength(
      ruleIds.length,
    );
  });

  it('lets the audit read each decoy user by ARN', () => {
    const role = props<RoleProps>(template, 'AuditRole');
    const statements = [role.Policies[0]?.PolicyDocument.Statement ?? []].flat();
    expect([statements.find((s) => s.Sid === 'DecoyUsers')?.Resource].flat()).toHaveLength(60);
  });

  it('fails packaging, not the deploy, when the decoys no longer fit one inline role policy', () => {
    expect(() => homeResources(input(400), options)).toThrow(/audit role policy would be \d+ characters/);
  });

  it('refuses an empty registry, which would deploy a detector that watches nothing', () => {
    expect(() => homeResources(input(0), options)).toThrow(/lists no decoys/);
  });
});
