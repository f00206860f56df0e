import { isIP } from 'node:net';
import { cleanText } from '../text.ts';
import type { Actor, EnrichInput, IpKind } from './types.ts';

export type { Actor, EnrichInput, HistoryEntry, IpKind, Verdict } from './types.ts';

function ipKind(raw: string | undefined): IpKind {
  if (!raw) return 'missing';
  if (raw === 'AWS Internal') return 'aws-internal';
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/.test(raw)) return 'aws-service';
  const family = isIP(raw);
  if (family === 4) {
    if (/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(raw)) return 'private';
    if (raw.startsWith('127.')) return 'loopback';
    return 'public-v4';
  }
  if (family === 6) {
    if (raw === '::1') return 'loopback';
    if (/^f[cd]/i.test(raw)) return 'private';
    return 'public-v6';
  }
  return 'invalid';
}

/** First cut: IP kind and a few userAgent facts. A later issue deepens this behind the same call. */
export function enrich(input: EnrichInput): Actor {
  const userAgent = cleanText(input.userAgent ?? '', 512);
  const kind = ipKind(input.sourceIPAddress);
  const tool = /trufflehog/i.test(userAgent) ? 'TruffleHog' : undefined;
  const family = /^aws-cli\//.test(userAgent) ? 'aws-cli' : /^boto3\//i.test(userAgent) ? 'boto3' : undefined;
  const pentestDistro = /kali/i.test(userAgent)
    ? 'Kali Linux'
    : /parrot/i.test(userAgent)
      ? 'Parrot OS'
      : undefined;
  const reasons: string[] = [];
  if (tool) reasons.push(`${tool} userAgent`);
  if (pentestDistro) reasons.push(`${family ?? 'client'} on ${pentestDistro}`);
  return {
    sourceIp: cleanText(input.sourceIPAddress ?? '', 128) || '(none)',
    ipKind: kind,
    userAgent: userAgent || '(none)',
    ...(family ? { uaFamily: family } : {}),
    ...(tool ? { tool } : {}),
    ...(pentestDistro ? { pentestDistro } : {}),
    verdict: tool ? 'automated' : 'unknown',
    confidence: tool ? 0.8 : 0,
    reasons: reasons.length ? reasons : ['not enough signals for a verdict'],
    escalate: Boolean(pentestDistro),
  };
}
