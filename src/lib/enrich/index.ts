import { cleanText } from '../text.ts';
import { behaviourOf, timeline } from './behaviour.ts';
import { classifySource } from './ip.ts';
import { type IpDataState, lazyIpData } from './ipdata.ts';
import { networkOf } from './providers.ts';
import { matchSignature } from './signatures.ts';
import type { TorExitList } from './tor.ts';
import type { Actor, EnrichInput } from './types.ts';
import { parseUserAgent } from './useragent.ts';
import { decide, type Evidence } from './verdict.ts';

export type { IpData, IpDataState } from './ipdata.ts';
export { lazyIpData, loadIpData } from './ipdata.ts';
export { loadTorExitList, parseTorExitList, type TorExitList } from './tor.ts';
export type { Actor, EnrichInput, HistoryEntry, IpKind, Verdict } from './types.ts';

export interface EnricherDeps {
  /** Returns the IP data, loading it on first call. Default: the compiled file, loaded lazily. */
  ipData?: () => IpDataState;
  tor?: TorExitList;
}

function enrichWith(input: EnrichInput, deps: Required<Pick<EnricherDeps, 'ipData'>> & EnricherDeps): Actor {
  const ip = classifySource(input.sourceIPAddress);
  const ua = parseUserAgent(input.userAgent);
  const signature = ua.anomalies.length ? undefined : matchSignature(ua.text);
  const actor: Actor = {
    sourceIp: cleanText(input.sourceIPAddress ?? '', 128) || '(none)',
    ipKind: ip.kind,
    userAgent: cleanText(input.userAgent ?? '', 512) || '(none)',
    uaKind: ua.kind,
    verdict: 'unknown',
    confidence: 0,
    reasons: [],
    escalate: false,
  };
  if (ip.label) actor.ipLabel = ip.label;
  const extraReasons: string[] = [];
  let network: Evidence['network'] = 'unknown';
  if (ip.parsed && (ip.kind === 'public-v4' || ip.kind === 'public-v6')) {
    const state = deps.ipData();
    if (state.ok) {
      const hit = state.data.lookup(ip.parsed);
      if (hit) {
        actor.asn = hit.asn;
        if (hit.org) actor.asOrg = hit.org;
        if (hit.country) actor.country = hit.country;
      }
    } else extraReasons.push(state.reason);
    const net = networkOf(actor.asn, actor.asOrg);
    network = net.network;
    if (net.provider) actor.provider = net.provider;
  }
  const tor = Boolean(ip.parsed && deps.tor?.has(input.sourceIPAddress ?? ''));
  if (tor) network = 'tor';
  if (ip.kind.startsWith('public')) actor.network = network;

  if (!ua.anomalies.length) {
    if (ua.family) actor.uaFamily = ua.family;
    if (ua.familyVersion) actor.uaVersion = cleanText(ua.familyVersion, 32);
    if (ua.lang) actor.language = cleanText(`${ua.lang}${ua.langVersion ? ` ${ua.langVersion}` : ''}`, 48);
    if (ua.os) actor.os = cleanText(ua.os, 32);
    if (ua.osRelease) actor.osRelease = cleanText(ua.osRelease, 64);
    if (ua.distro) actor.distro = cleanText(ua.distro, 48);
    if (ua.pentestDistro) actor.pentestDistro = ua.pentestDistro;
    if (ua.execEnv) actor.execEnv = cleanText(ua.execEnv, 64);
    if (ua.installer) actor.installer = cleanText(ua.installer, 32);
    if (ua.command) actor.command = cleanText(ua.command, 96);
  }
  if (signature) {
    actor.tool = signature.name;
    actor.toolKind = signature.kind;
    if (signature.kind === 'http-client' && ua.kind === 'other') actor.uaKind = 'http-client';
  }

  const events = timeline(input.history ?? [], {
    time: Date.parse(input.eventTime),
    eventSource: input.eventSource,
    eventName: input.eventName,
    sourceIp: input.sourceIPAddress ?? '',
  });
  const evidence: Evidence = {
    ua,
    signature,
    ipKind: ip.kind,
    network,
    tor,
    behaviour: input.behaviour ?? behaviourOf(events),
    accessKeyId: input.accessKeyId ?? '',
    eventTime: input.eventTime,
  };
  if (input.identityType) evidence.identityType = input.identityType;
  if (input.sessionCredentialFromConsole)
    evidence.sessionCredentialFromConsole = input.sessionCredentialFromConsole;
  if (actor.provider) evidence.provider = actor.provider;
  if (actor.asn !== undefined) evidence.asn = actor.asn;
  const decision = decide(evidence);
  actor.verdict = decision.verdict;
  actor.confidence = decision.confidence;
  actor.escalate = decision.escalate;
  actor.reasons = [...decision.reasons, ...extraReasons].map((r) => cleanText(r, 160));
  return actor;
}

/** Builds an `enrich` with its data sources injected (tests, a Tor list, a custom data path). */
export function makeEnricher(deps: EnricherDeps = {}): (input: EnrichInput) => Actor {
  const full = { ...deps, ipData: deps.ipData ?? lazyIpData() };
  return (input) => {
    try {
      return enrichWith(input, full);
    } catch (cause) {
      return {
        sourceIp: cleanText(String(input.sourceIPAddress ?? ''), 128) || '(none)',
        ipKind: 'invalid',
        userAgent: cleanText(String(input.userAgent ?? ''), 512) || '(none)',
        verdict: 'unknown',
        confidence: 0,
        reasons: [
          `enrichment failed: ${cleanText(cause instanceof Error ? cause.message : 'unknown error', 120)}`,
        ],
        escalate: false,
      };
    }
  };
}

const defaultEnricher = makeEnricher();

/** Who made the call: userAgent, source network, behaviour, and a verdict with reasons. */
export function enrich(input: EnrichInput): Actor {
  return defaultEnricher(input);
}
