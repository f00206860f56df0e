import type { Decoy, Registry } from './registry.ts';

/** EventBridge's default event-pattern quota, in characters. */
export const PATTERN_LIMIT = 2048;

export const USE_DETAIL_TYPES = ['AWS API Call via CloudTrail', 'AWS Console Sign In via CloudTrail'];

export type EventPattern = Record<string, unknown>;

function byAccount(decoys: Decoy[]): Map<string, string[]> {
  const accounts = new Map<string, string[]>();
  for (const decoy of decoys)
    accounts.set(decoy.accountId, [...(accounts.get(decoy.accountId) ?? []), decoy.userName]);
  return accounts;
}

function usePattern(decoys: Decoy[]): EventPattern {
  const alternatives: EventPattern[] = [];
  const keys = decoys.flatMap((decoy) => decoy.accessKeyIds).sort();
  if (keys.length) alternatives.push({ detail: { userIdentity: { accessKeyId: keys } } });
  for (const [accountId, names] of byAccount(decoys)) {
    const userName = [...names].sort();
    alternatives.push({ detail: { userIdentity: { accountId: [accountId], userName } } });
    // Records without userName still carry the ARN, possibly with an IAM path before the name.
    alternatives.push({
      detail: {
        userIdentity: { accountId: [accountId], arn: userName.map((name) => ({ suffix: `/${name}` })) },
      },
    });
    alternatives.push({
      detail: { userIdentity: { accountId: [accountId], sessionContext: { sessionIssuer: { userName } } } },
    });
  }
  return { 'detail-type': USE_DETAIL_TYPES, $or: alternatives };
}

/**
 * Patterns that let through only calls made by decoy credentials (by key ID, by IAM user, or by a
 * session the decoy issued). Split into as many patterns as needed to stay under the quota.
 */
export function useEventPatterns(registry: Registry, limit = PATTERN_LIMIT): EventPattern[] {
  const patterns: EventPattern[] = [];
  let batch: Decoy[] = [];
  for (const decoy of registry.decoys) {
    const candidate = [...batch, decoy];
    if (batch.length > 0 && JSON.stringify(usePattern(candidate)).length > limit) {
      patterns.push(usePattern(batch));
      batch = [decoy];
    } else {
      batch = candidate;
    }
  }
  if (batch.length) patterns.push(usePattern(batch));
  for (const pattern of patterns) {
    const size = JSON.stringify(pattern).length;
    if (size > limit)
      throw new Error(`a single decoy's event pattern is ${size} characters, over the ${limit} quota`);
  }
  return patterns;
}
