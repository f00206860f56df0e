/**
 * The verdict rules, in one place. Each rule looks at the gathered evidence and may cast a vote:
 * a lean (automated or human) with a weight 0..1, a reason sentence, and whether it escalates.
 * Votes on each side combine as independent evidence (1 - Π(1 - w)); the stronger side wins,
 * discounted by half the weaker side; below MIN_CONFIDENCE the verdict is `unknown`.
 */
import { BEHAVIOUR, type BehaviourFacts, span } from './behaviour.ts';
import type { NetworkType } from './providers.ts';
import { ESCALATING_KINDS, type Signature } from './signatures.ts';
import type { IpKind, Verdict } from './types.ts';
import type { UaFacts } from './useragent.ts';

export interface Evidence {
  ua: UaFacts;
  signature: Signature | undefined;
  ipKind: IpKind;
  network: NetworkType;
  provider?: string;
  asn?: number;
  tor: boolean;
  behaviour: BehaviourFacts | undefined;
  accessKeyId: string;
  /** userIdentity.type of the record, when known. */
  identityType?: string;
  /** CloudTrail's sessionCredentialFromConsole: "true" when the call was made in the console. */
  sessionCredentialFromConsole?: string;
  eventTime: string;
}

export interface Vote {
  lean?: Exclude<Verdict, 'unknown'>;
  weight: number;
  reason: string;
  escalate?: boolean;
}

type Rule = (e: Evidence) => Vote | undefined;

export const MIN_CONFIDENCE = 0.3;

const uaUsable = (e: Evidence): boolean => e.ua.anomalies.length === 0;
const isConsoleUa = (e: Evidence): boolean => e.ua.kind === 'console' || e.ua.kind === 'browser';
/**
 * Whether the credential could have come from the console. The console signs with session keys
 * (ASIA…) that CloudTrail marks sessionCredentialFromConsole "true"; a sign-in has no key at all.
 * A long-term key (AKIA…) never comes from the console, nor does a session an IAM user or the root
 * minted with GetSessionToken (ASIA… without the console flag). An assumed-role session without
 * the flag may be console or SSO, so it is not held against the caller.
 */
function consoleCapable(e: Evidence): boolean {
  const key = e.accessKeyId.trim();
  if (key.startsWith('AKIA')) return false;
  if (key === '' || e.sessionCredentialFromConsole === 'true') return true;
  if (!key.startsWith('ASIA')) return false;
  return e.identityType !== 'IAMUser' && e.identityType !== 'Root';
}

/** A console or browser userAgent on a credential the console never uses: a tool hiding. */
const spoofedConsole = (e: Evidence): boolean => uaUsable(e) && isConsoleUa(e) && !consoleCapable(e);

function versionTuple(v: string | undefined): [number, number] | undefined {
  const m = v ? /^(\d+)\.(\d+)/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function kernelMajor(release: string | undefined): number | undefined {
  const m = release ? /^(\d+)\.\d+/.exec(release) : null;
  return m ? Number(m[1]) : undefined;
}

/** botocore 1.8–1.12 shipped in 2018; Pacu's spoof list is full of them. */
function oldBotocore(e: Evidence): string | undefined {
  const v = versionTuple(e.ua.botocoreVersion);
  return v && v[0] === 1 && v[1] <= 12 ? e.ua.botocoreVersion : undefined;
}

function clientLabel(e: Evidence): string {
  return e.signature?.name ?? e.ua.family ?? 'client';
}

export const RULES: readonly Rule[] = [
  (e) => (uaUsable(e) ? undefined : { weight: 0, reason: `${e.ua.anomalies.join('; ')}: userAgent ignored` }),
  (e) =>
    spoofedConsole(e)
      ? {
          lean: 'automated',
          weight: 0.7,
          escalate: true,
          reason: `${e.ua.kind === 'browser' ? 'browser' : 'console'} userAgent on ${e.accessKeyId.startsWith('ASIA') ? 'a session key the console did not issue' : 'a long-term access key'}: likely spoofed`,
        }
      : undefined,
  (e) =>
    uaUsable(e) && isConsoleUa(e) && !spoofedConsole(e) && e.sessionCredentialFromConsole === 'true'
      ? {
          lean: 'human',
          weight: 0.6,
          reason: 'console session (sessionCredentialFromConsole): a person in the AWS console',
        }
      : undefined,
  (e) => {
    if (!uaUsable(e) || !e.signature || spoofedConsole(e)) return undefined;
    const sig = e.signature;
    return {
      lean: sig.verdict,
      weight: sig.weight,
      escalate: ESCALATING_KINDS.has(sig.kind),
      reason: sig.match ? `${sig.name} userAgent (${sig.kind})` : `${sig.name}`,
    };
  },
  (e) => {
    if (!uaUsable(e) || e.signature || spoofedConsole(e)) return undefined;
    if (e.ua.kind === 'browser')
      return { lean: 'human', weight: 0.8, reason: `${e.ua.browser} browser userAgent` };
    if (e.ua.kind === 'aws-internal')
      return { lean: 'automated', weight: 0.9, reason: 'AWS Internal: a call made by AWS itself' };
    if (e.ua.kind === 'aws-service')
      return {
        lean: 'automated',
        weight: 0.85,
        reason: `AWS service ${e.ua.text} acting on the caller's behalf`,
      };
    return undefined;
  },
  (e) => {
    if (!uaUsable(e) || e.signature || !e.ua.family) return undefined;
    if (e.ua.family.startsWith('aws-cli')) {
      const cmd = e.ua.command ? ` running ${e.ua.command}` : '';
      return { lean: 'human', weight: 0.35, reason: `${e.ua.family}${cmd}: usually typed by a person` };
    }
    if (e.ua.family === 'AWS Tools for PowerShell')
      return { lean: 'human', weight: 0.3, reason: 'AWS Tools for PowerShell: usually interactive' };
    return { lean: 'automated', weight: 0.4, reason: `${e.ua.family}: a script or program` };
  },
  (e) =>
    uaUsable(e) && e.ua.pentestDistro
      ? { weight: 0, escalate: true, reason: `${clientLabel(e)} on ${e.ua.pentestDistro}` }
      : undefined,
  (e) => {
    const old = uaUsable(e) ? oldBotocore(e) : undefined;
    if (!old) return undefined;
    // Only Linux kernel numbers date the machine; Darwin 15.x is from 2015.
    const kernel = e.ua.os === 'Linux' ? kernelMajor(e.ua.osRelease) : undefined;
    const year = Number(e.eventTime.slice(0, 4));
    if (kernel !== undefined && kernel >= 5)
      return {
        lean: 'automated',
        weight: 0.6,
        escalate: true,
        reason: `2018-era botocore ${old} on a ${kernel}.x kernel: likely spoofed`,
      };
    if (year >= 2022)
      return {
        lean: 'automated',
        weight: 0.3,
        reason: `botocore ${old} is from 2018: stale or spoofed userAgent`,
      };
    return undefined;
  },
  (e) => (e.ua.execEnv && uaUsable(e) ? { weight: 0, reason: `runs in ${e.ua.execEnv}` } : undefined),
  (e) => (e.tor ? { weight: 0, escalate: true, reason: 'source is a Tor exit node' } : undefined),
  (e) =>
    !e.tor && e.network === 'anonymizer'
      ? {
          weight: 0,
          escalate: true,
          reason: `source is ${e.provider ?? 'an anonymizer network'}${e.asn ? ` (AS${e.asn})` : ''}: a network that mainly runs Tor or VPN exits`,
        }
      : undefined,
  (e) => {
    if (e.network !== 'cloud' && e.network !== 'hosting') return undefined;
    const who = e.provider ?? (e.network === 'cloud' ? 'a cloud provider' : 'a hosting provider');
    const as = e.asn ? ` (AS${e.asn})` : '';
    return { lean: 'automated', weight: 0.25, reason: `source is ${who}${as}: scripts and bots run there` };
  },
  (e) =>
    e.network === 'isp'
      ? { lean: 'human', weight: 0.15, reason: `source is an ISP network (AS${e.asn})` }
      : undefined,
  (e) => {
    const s = e.behaviour?.sweep;
    if (!s || s.names < BEHAVIOUR.sweepNames) return undefined;
    const what = s.services >= 3 ? `${s.services} distinct services` : `${s.names} distinct API calls`;
    return { lean: 'automated', weight: 0.85, reason: `${what} in ${span(s.spanMs)}: enumeration sweep` };
  },
  (e) => {
    const b = e.behaviour;
    if (!b || b.peakPerWindow < BEHAVIOUR.burstPerMinute) return undefined;
    return { lean: 'automated', weight: 0.75, reason: `${b.peakPerWindow} calls within a minute` };
  },
  (e) => {
    const r = e.behaviour?.recheck;
    if (!r || r.days < 2) return undefined;
    return {
      lean: 'automated',
      weight: 0.6,
      reason: `${r.eventName} repeated on ${r.days} different days: a key checker`,
    };
  },
  (e) => {
    const b = e.behaviour;
    if (!b || b.distinctIps < BEHAVIOUR.manyIps) return undefined;
    return { lean: 'automated', weight: 0.3, reason: `${b.distinctIps} different source IPs` };
  },
  (e) => {
    const b = e.behaviour;
    const gap = b?.medianGapMs;
    if (!b || gap === undefined || b.calls < 3 || b.recheck) return undefined;
    if (b.sweep.names >= BEHAVIOUR.sweepNames || b.peakPerWindow >= BEHAVIOUR.burstPerMinute)
      return undefined;
    if (gap < BEHAVIOUR.manualGapMinMs || gap > BEHAVIOUR.manualGapMaxMs) return undefined;
    return { lean: 'human', weight: 0.5, reason: `${b.calls} calls about ${span(gap)} apart: manual pace` };
  },
  (e) =>
    e.behaviour
      ? { weight: 0, reason: `first use of this decoy ${span(e.behaviour.sinceFirstMs)} ago` }
      : undefined,
];

export interface Decision {
  verdict: Verdict;
  confidence: number;
  reasons: string[];
  escalate: boolean;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function decide(e: Evidence): Decision {
  const votes = RULES.map((rule) => rule(e)).filter((v): v is Vote => v !== undefined);
  let auto = 0;
  let human = 0;
  for (const v of votes) {
    if (v.lean === 'automated') auto = 1 - (1 - auto) * (1 - v.weight);
    if (v.lean === 'human') human = 1 - (1 - human) * (1 - v.weight);
  }
  const lead: Verdict = auto > human ? 'automated' : human > auto ? 'human' : 'unknown';
  const confidence = round2(Math.max(0, Math.max(auto, human) - Math.min(auto, human) / 2));
  const verdict: Verdict = confidence >= MIN_CONFIDENCE ? lead : 'unknown';
  const reasons = votes.map((v) => v.reason);
  if (!reasons.length) reasons.push('not enough signals for a verdict');
  return {
    verdict,
    confidence: verdict === 'unknown' ? Math.min(confidence, round2(MIN_CONFIDENCE - 0.01)) : confidence,
    reasons,
    escalate: votes.some((v) => v.escalate),
  };
}
