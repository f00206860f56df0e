import { describe, expect, it } from '@jest/globals';
import { nameProblems } from '../../../src/lib/decoys/fingerprint.ts';

describe('fingerprint check', () => {
  it.each([
    'ci-cd-deploy-admin',
    'prod-db-backup-user',
    'svc-reporting-etl',
    'jenkins-artifact-publisher',
    'stg-terraform-deployer-02',
    'github-actions-runner',
    'svc-k8s-ecr-pull',
  ])('lets the realistic name %s through', (name) => {
    expect(nameProblems(name)).toEqual([]);
  });

  it.each([
    ['honeytoken-ci', /"honey"/],
    ['CanaryTokens-user', /"canary".*"canarytoken"/],
    ['thinkst-prod', /"thinkst"/],
    ['spacecrab-user', /"spacecrab"/],
    ['decoy-backup', /"decoy"/],
    ['tripwire-svc', /"trap".*|"tripwire"/],
    ['svc-bait', /"bait"/],
    ['ci-bootstrap-runner', /"trap"/],
    ['0f8fad5b-d9cb-469f-a165-70867728950e', /UUID/],
    ['user0f8fad5bd9cb469fa16570867728950e', /UUID/],
    ['backup-3f9a01bc', /hex/],
    ['ci-20261128093011', /digits/],
    ['svc-x7k2m9q4z', /random/],
    ['deploy-AbCdEfGh1J', /random/],
  ])('flags %s', (name, why) => {
    const problems = nameProblems(name);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((problem) => problem.reason).join('; ')).toMatch(why);
    expect(problems.every((problem) => problem.forcible)).toBe(true);
  });

  it('refuses paths and invalid names outright: --force cannot create them', () => {
    expect(nameProblems('/SpaceCrab/ci')).toContainEqual(
      expect.objectContaining({ forcible: false, reason: expect.stringMatching(/IAM paths/) }),
    );
    expect(nameProblems('ci deploy')).toContainEqual(expect.objectContaining({ forcible: false }));
    expect(nameProblems('x'.repeat(65))).toContainEqual(expect.objectContaining({ forcible: false }));
  });
});
