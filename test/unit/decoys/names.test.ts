import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { nameProblems } from '../../../src/lib/decoys/fingerprint.ts';
import { generateName, NAME_PROFILES, vocabulary } from '../../../src/lib/decoys/names.ts';
import { IAM_USER_NAME } from '../../../src/lib/decoys/registry.ts';

/** A deterministic Random from a list of draws, so fast-check can shrink a failing name. */
const fromDraws = (draws: number[]) => {
  let index = 0;
  return () => draws[index++ % draws.length] ?? 0;
};

const draws = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
  minLength: 6,
  maxLength: 12,
});
const words = vocabulary();

describe('decoy name generator', () => {
  it('makes 10,000 names that pass the fingerprint check, are valid IAM names and read like service accounts', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAME_PROFILES), draws, (profile, values) => {
        const name = generateName(profile, fromDraws(values));
        expect(nameProblems(name)).toEqual([]);
        expect(name).toMatch(IAM_USER_NAME);
        expect(name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+){1,5}$/);
        expect(name.length).toBeGreaterThanOrEqual(6);
        expect(name.length).toBeLessThanOrEqual(48);
        for (const part of name.split('-')) expect(words.has(part)).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });

  it('produces the shapes operators expect for each profile', () => {
    const shapes = {
      ci: /ci|release|build|jenkins|gitlab|gha|circleci|buildkite|drone/,
      backup: /backup|snapshot|dump|archiv|dr/,
      deploy: /deploy|release|terraform|tf|cdk|ansible|helm|k8s|eks|ecs|infra|sync/,
      dev: /svc|dev|sandbox|qa|uat|test|local/,
    };
    for (const profile of NAME_PROFILES) {
      for (let seed = 0; seed < 200; seed += 1) {
        const name = generateName(
          profile,
          fromDraws([(seed * 0.37) % 1, (seed * 0.61) % 1, (seed * 0.13) % 1, 0.5, 0.9]),
        );
        expect(name).toMatch(shapes[profile]);
      }
    }
  });

  it('varies: 1,000 draws give hundreds of distinct names', () => {
    const names = new Set(Array.from({ length: 1000 }, (_, i) => generateName(NAME_PROFILES[i % 4] ?? 'ci')));
    expect(names.size).toBeGreaterThan(300);
  });
});
