import { parseIpv4, parseIpv6, v6Prefix64 } from '../../../src/lib/enrich/ip.ts';
import { type IpData, ipDataFrom } from '../../../src/lib/enrich/ipdata.ts';
import { encodeIpData, viewIpData } from '../../../src/lib/enrich/ipdata-format.ts';

/** [first address, last address, asn, org, country] */
type Row = [string, string, number, string, string];

/** The few networks the corpus and tests use, compiled through the real format. */
export const FAKE_ROWS: Row[] = [
  ['3.0.0.0', '3.255.255.255', 16509, 'Amazon.com, Inc.', 'US'],
  ['5.161.0.0', '5.161.255.255', 213230, 'Hetzner Online GmbH', 'DE'],
  ['52.0.0.0', '52.79.255.255', 16509, 'Amazon.com, Inc.', 'US'],
  ['81.2.64.0', '81.2.127.255', 20712, 'Andrews & Arnold Ltd', 'GB'],
  ['86.0.0.0', '86.31.255.255', 5089, 'Virgin Media Limited', 'GB'],
  ['159.203.0.0', '159.203.255.255', 14061, 'DigitalOcean, LLC', 'US'],
  ['160.30.128.0', '160.30.128.255', 64512, 'Example Hosting Servers', 'VN'],
  ['185.220.101.0', '185.220.101.255', 60729, '', 'DE'],
];

export const FAKE_ROWS_V6: Row[] = [
  ['2a01:4f8::', '2a01:4f8:ffff:ffff:ffff:ffff:ffff:ffff', 24940, 'Hetzner Online GmbH', 'DE'],
];

export function fakeIpData(rows: Row[] = FAKE_ROWS, rows6: Row[] = FAKE_ROWS_V6): IpData {
  const asns = [...new Set([...rows, ...rows6].map((r) => r[2]))].sort((a, b) => a - b);
  const org = new Map([...rows, ...rows6].map((r) => [r[2], r[3]]));
  const cc = new Map([...rows, ...rows6].map((r) => [r[2], r[4]]));
  const countries = [...new Set(cc.values())];
  const index = (asn: number): number => asns.indexOf(asn) + 1;
  const v4 = { starts: [0] as number[], values: [0] as number[] };
  for (const [first, last, asn] of [...rows].sort(
    (a, b) => (parseIpv4(a[0]) ?? 0) - (parseIpv4(b[0]) ?? 0),
  )) {
    v4.starts.push(parseIpv4(first) ?? 0, (parseIpv4(last) ?? 0) + 1);
    v4.values.push(index(asn), 0);
  }
  const v6 = { starts: [0n] as bigint[], values: [0] as number[] };
  for (const [first, last, asn] of rows6) {
    v6.starts.push(v6Prefix64(parseIpv6(first) ?? []), v6Prefix64(parseIpv6(last) ?? []) + 1n);
    v6.values.push(index(asn), 0);
  }
  const raw = encodeIpData({
    meta: { builtAt: '2025-01-01T00:00:00Z', sources: [], v6Truncated: 0, namesOmitted: 0 },
    asns,
    orgs: asns.map((a) => org.get(a) ?? ''),
    asnCountry: asns.map((a) => countries.indexOf(cc.get(a) ?? '') + 1),
    countries,
    v4,
    v6,
  });
  return ipDataFrom(viewIpData(raw));
}
