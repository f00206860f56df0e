import { parseUserArn } from '../cloudtrail/arn.ts';
import { type CloudTrailRecord, recordAccount } from '../cloudtrail/schema.ts';
import { type Decoy, type Registry, userKey } from './registry.ts';

export type MatchReason = 'access-key' | 'iam-user' | 'session-issuer';

export interface UseMatch {
  decoy: Decoy;
  reason: MatchReason;
}

/**
 * Finds the decoy whose credentials made this call: one of its keys, the IAM user itself
 * (any key, including ASIA session keys from GetSessionToken), or a federated session it issued.
 */
export function matchUse(record: CloudTrailRecord, registry: Registry): UseMatch | undefined {
  const identity = record.userIdentity;
  if (!identity) return undefined;

  const keyId = identity.accessKeyId;
  if (keyId) {
    const decoy = registry.byKey.get(keyId);
    if (decoy) return { decoy, reason: 'access-key' };
  }

  if (identity.type === 'IAMUser' || identity.type === undefined) {
    const arn = parseUserArn(identity.arn);
    const account = arn?.accountId ?? identity.accountId ?? recordAccount(record);
    const name = identity.userName ?? arn?.userName;
    if (account && name) {
      const decoy = registry.byUser.get(userKey(account, name));
      if (decoy) return { decoy, reason: 'iam-user' };
    }
  }

  const issuer = identity.sessionContext?.sessionIssuer;
  if (issuer?.type === 'IAMUser') {
    const arn = parseUserArn(issuer.arn);
    const account = arn?.accountId ?? issuer.accountId ?? identity.accountId;
    const name = issuer.userName ?? arn?.userName;
    if (account && name) {
      const decoy = registry.byUser.get(userKey(account, name));
      if (decoy) return { decoy, reason: 'session-issuer' };
    }
  }
  return undefined;
}
