/** What enrichment is given: attacker-controlled strings straight from the record. */
export interface EnrichInput {
  sourceIPAddress?: string | undefined;
  userAgent?: string | undefined;
  identityType?: string | undefined;
  accessKeyId?: string | undefined;
  eventSource: string;
  eventName: string;
  eventTime: string;
  /** Earlier detections of the same decoy, oldest first. Empty when there is none. */
  history?: HistoryEntry[];
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
  asn?: number;
  asOrg?: string;
  country?: string;
  network?: 'cloud' | 'hosting' | 'isp' | 'tor' | 'unknown';
  provider?: string;
  /** Raw userAgent, sanitised and length-capped. */
  userAgent: string;
  uaFamily?: string;
  uaVersion?: string;
  os?: string;
  distro?: string;
  pentestDistro?: string;
  command?: string;
  tool?: string;
  verdict: Verdict;
  confidence: number;
  reasons: string[];
  /** True when the actor looks offensive enough to raise the alert's severity. */
  escalate: boolean;
}
