/**
 * Which networks are anonymizers (anonymizers.ts), clouds or hosting companies, by ASN. Everything
 * else with an ASN is an ISP.
 */
import { anonymizerOf } from './anonymizers.ts';

export type NetworkType = 'cloud' | 'hosting' | 'isp' | 'tor' | 'anonymizer' | 'unknown';

interface ProviderRow {
  provider: string;
  network: 'cloud' | 'hosting';
  asns: readonly number[];
}

export const PROVIDERS: readonly ProviderRow[] = [
  { provider: 'AWS', network: 'cloud', asns: [16509, 14618, 8987, 7224, 10124, 17493, 38895, 39111] },
  { provider: 'Google Cloud', network: 'cloud', asns: [396982, 15169, 19527, 36492] },
  { provider: 'Microsoft Azure', network: 'cloud', asns: [8075, 8068, 8069, 12076] },
  { provider: 'Oracle Cloud', network: 'cloud', asns: [31898] },
  { provider: 'Alibaba Cloud', network: 'cloud', asns: [45102, 37963] },
  { provider: 'Tencent Cloud', network: 'cloud', asns: [132203, 45090] },
  { provider: 'Huawei Cloud', network: 'cloud', asns: [136907, 55990] },
  { provider: 'IBM Cloud', network: 'cloud', asns: [36351] },
  { provider: 'DigitalOcean', network: 'hosting', asns: [14061, 393406, 200130] },
  { provider: 'OVH', network: 'hosting', asns: [16276, 35540] },
  { provider: 'Hetzner', network: 'hosting', asns: [24940, 213230, 212317] },
  { provider: 'Linode/Akamai', network: 'hosting', asns: [63949, 20940, 16625] },
  { provider: 'Vultr', network: 'hosting', asns: [20473] },
  { provider: 'Scaleway', network: 'hosting', asns: [12876] },
  { provider: 'Contabo', network: 'hosting', asns: [51167, 40021] },
  { provider: 'M247', network: 'hosting', asns: [9009] },
  { provider: 'Cloudflare', network: 'hosting', asns: [13335] },
  { provider: 'Leaseweb', network: 'hosting', asns: [60781, 28753, 16265] },
  { provider: 'Hostinger', network: 'hosting', asns: [47583] },
  { provider: 'IONOS', network: 'hosting', asns: [8560] },
  { provider: 'Datacamp/CDN77', network: 'hosting', asns: [60068] },
  { provider: 'G-Core Labs', network: 'hosting', asns: [199524] },
  { provider: 'netcup', network: 'hosting', asns: [197540] },
  { provider: 'FranTech/BuyVM', network: 'hosting', asns: [53667] },
  { provider: 'Psychz', network: 'hosting', asns: [40676] },
  { provider: 'Stark Industries', network: 'hosting', asns: [44477] },
];

const BY_ASN = new Map<number, ProviderRow>();
for (const row of PROVIDERS) for (const asn of row.asns) BY_ASN.set(asn, row);

const HOSTING_WORDS = /\b(hosting|hoster|server(s)?|data ?cent(er|re)|vps|cloud|colo(cation)?|dedicated)\b/i;

export function networkOf(
  asn: number | undefined,
  org: string | undefined,
): { network: NetworkType; provider?: string } {
  if (asn === undefined) return { network: 'unknown' };
  const anonymizer = anonymizerOf(asn);
  if (anonymizer)
    return {
      network: 'anonymizer',
      provider: `${anonymizer.org} (${anonymizer.kind === 'tor' ? 'Tor exits' : 'VPN exits'})`,
    };
  const row = BY_ASN.get(asn);
  if (row) return { network: row.network, provider: row.provider };
  if (org && HOSTING_WORDS.test(org)) return { network: 'hosting' };
  return { network: 'isp' };
}
