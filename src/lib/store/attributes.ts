import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export const S = (value: string): AttributeValue => ({ S: value });
export const N = (value: number): AttributeValue => ({ N: String(value) });

/** The TTL attribute value: epoch seconds `retentionDays` after `fromMs`. */
export const expiryAfter = (fromMs: number, retentionDays: number): number =>
  Math.floor(fromMs / 1000) + retentionDays * 86_400;
