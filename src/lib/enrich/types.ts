import type { BehaviourFacts } from './behaviour.ts';

/** What enrichment is given: attacker-controlled strings straight from the record. */
export interface EnrichInput {
  sourceIPAddress?: string | undefined;
  userAgent?: string | undefined;
  identityType?: string | undefined;
  accessKeyId?: string | undefined;
  /** CloudTrail's `sessionCredentialFromConsole` ("true" for calls made in the AWS console). */
  sessionCredentialFromConsole?: string | undefined;
  eventSource: string;
  eventName: string;
  eventTime: string;
  /** Earlier detections of the same decoy, oldest first. Empty when there is none. */
  history?: HistoryEntry[];
  /** Behaviour already computed from the incident aggregate; takes the place of `history`. */
  behaviour?: BehaviourFacts;
}

/** One earlier call by the same decoy, as stored. */
export interface HistoryEntry {
  eventTime: string;
  eventSource: string;
  eventName: string;
  sourceIp: string;
}

export type IpKind =
  | 'public-v4'
  | 'public-v6'
  | 'private'
  | 'loopback'
  | 'reserved'
  | 'aws-service'
  | 'aws-internal'
  | 'missing'
  | 'invalid';

export type Verdict = 'automated' | 'human' | 'unknown';

/** Who made the call, as far as the record and offline data can tell. */
export interface Actor {
  /** Raw source value, sanitised and length-capped. */
  sourceIp: string;
  ipKind: IpKind;
  /** What a non-public address is, e.g. "documentation (TEST-NET-1)". */
  ipLabel?: string;
  asn?: number;
  asOrg?: string;
  country?: string;
  /** `anonymizer`: a network that mainly runs Tor or commercial VPN exits (anonymizers.ts). */
  network?: 'cloud' | 'hosting' | 'isp' | 'tor' | 'anonymizer' | 'unknown';
  provider?: string;
  /** Raw userAgent, sanitised and length-capped. */
  userAgent: string;
  /** sdk, browser, console, aws-service, aws-internal, http-client, other or missing. */
  uaKind?: string;
  uaFamily?: string;
  uaVersion?: string;
  language?: string;
  os?: string;
  osRelease?: string;
  distro?: string;
  pentestDistro?: string;
  /** Lambda, CloudShell, EC2 kernel and the like. */
  execEnv?: string;
  installer?: string;
  command?: string;
  tool?: string;
  /** Kind of the recognised tool: offensive, scanner, iac, http-client, console, … */
  toolKind?: string;
  verdict: Verdict;
  confidence: number;
  reasons: string[];
  /** True when the actor looks offensive enough to raise the alert's severity. */
  escalate: boolean;
}
