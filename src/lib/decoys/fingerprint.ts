import { IAM_USER_NAME } from './registry.ts';

/**
 * Words that tools such as Pacu's `iam__detect_honeytokens` look for, or that give the game away to a
 * human. Matched as substrings, so `bootstrap` is refused for `trap`: rename or pass --force.
 */
export const GIVEAWAY_WORDS = [
  'honey',
  'canary',
  'canarytoken',
  'thinkst',
  'spacecrab',
  'decoy',
  'trap',
  'tripwire',
  'bait',
  'deception',
  'fake',
  'dummy',
] as const;

export interface NameProblem {
  /** Whether --force may override it. An invalid IAM name can never be created. */
  forcible: boolean;
  reason: string;
}

const UUID_LIKE = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/i;
const HEX_RUN = /[0-9a-f]{8,}/gi;
const DIGIT_RUN = /\d{6,}/;

/** A token mixing letters and digits the way generated IDs do, e.g. `x7f3k9q2`, `AbC3dE9fGh`. */
function looksRandom(token: string): boolean {
  const digits = token.replace(/\D/g, '').length;
  const letters = token.replace(/[^a-z]/gi, '').length;
  if (token.length >= 8 && digits >= 3 && letters >= 3) return true;
  return token.length >= 10 && /[a-z]/.test(token) && /[A-Z]/.test(token) && digits > 0;
}

/** Every reason this user name would mark its owner as a decoy. Empty means it blends in. */
export function nameProblems(name: string): NameProblem[] {
  const problems: NameProblem[] = [];
  if (name.includes('/')) {
    problems.push({
      forcible: false,
      reason:
        'IAM paths (such as /SpaceCrab/) fingerprint decoys and honeytrail creates users without one: give a plain user name',
    });
  } else if (!IAM_USER_NAME.test(name)) {
    problems.push({
      forcible: false,
      reason: 'not a valid IAM user name (1-64 characters from letters, digits and +=,.@_-)',
    });
  }
  const lower = name.toLowerCase();
  const words = GIVEAWAY_WORDS.filter((word) => lower.includes(word));
  if (words.length > 0) {
    problems.push({
      forcible: true,
      reason: `contains ${words.map((word) => `"${word}"`).join(', ')}, which honeytoken detectors flag on sight`,
    });
  }
  if (UUID_LIKE.test(name)) {
    problems.push({ forcible: true, reason: 'contains a UUID, a known sign of a generated canary user' });
  } else if ([...name.matchAll(HEX_RUN)].some((match) => /\d/.test(match[0]) && /[a-f]/i.test(match[0]))) {
    problems.push({
      forcible: true,
      reason: 'contains a long hex string, which real service accounts rarely have',
    });
  } else if (DIGIT_RUN.test(name)) {
    problems.push({ forcible: true, reason: 'contains a long run of digits, which looks generated' });
  } else if (name.split(/[-_.@+=,]/).some(looksRandom)) {
    problems.push({ forcible: true, reason: 'contains a random-looking token' });
  }
  return problems;
}
