import { beforeAll, describe, expect, it } from '@jest/globals';
import { buildIpContent, findPackage } from '../../../scripts/ipdata-source.ts';
import type { ParsedIp } from '../../../src/lib/enrich/ip.ts';
import { type AsnInfo, type IpData, ipDataFrom } from '../../../src/lib/enrich/ipdata.ts';
import { encodeIpData, type IpDataContent, viewIpData } from '../../../src/lib/enrich/ipdata-format.ts';
import { lookupV1, packV1 } from '../../support/ipdata-v1.ts';

const asnPackage = findPackage('@ip-location-db/asn');
const countryPackage = findPackage('@ip-location-db/asn-country');

let content: IpDataContent;
let v1: (ip: ParsedIp) => AsnInfo | undefined;
let v2: IpData;

const same = (a: AsnInfo | undefined, b: AsnInfo | undefined): boolean =>
  a?.asn === b?.asn &&
  a?.org === b?.org &&
  a?.country === b?.country &&
  (a === undefined) === (b === undefined);

const v6Ip = (prefix: bigint): ParsedIp => {
  const groups = [48n, 32n, 16n, 0n].map((shift) => Number((prefix >> shift) & 0xffffn));
  return { v: 6, groups: [...groups, 0, 0, 0, 0] };
};

// Both formats are built here from the same CSVs the shipped file comes from.
beforeAll(async () => {
  if (!asnPackage || !countryPackage) throw new Error('the @ip-location-db dev dependencies are missing');
  content = await buildIpContent(asnPackage, countryPackage);
  v1 = lookupV1(packV1(content));
  v2 = ipDataFrom(viewIpData(encodeIpData(content)));
}, 180_000);

describe('fixed-width IP data (format 2) against the brotli varint format (1)', () => {
  it('answers the first and last address of every IPv4 range the same way', () => {
    const starts = content.v4.starts;
    let differ = 0;
    for (let i = 0; i < starts.length; i++) {
      const first = starts[i] ?? 0;
      const last = (starts[i + 1] ?? 2 ** 32) - 1;
      for (const n of [first, last]) {
        const ip: ParsedIp = { v: 4, n };
        if (!same(v2.lookup(ip), v1(ip))) differ++;
      }
    }
    expect(starts.length).toBeGreaterThan(100_000);
    expect(differ).toBe(0);
  });

  it('answers the first and last /64 of every IPv6 range the same way', () => {
    const starts = content.v6.starts;
    let differ = 0;
    for (let i = 0; i < starts.length; i++) {
      const first = starts[i] ?? 0n;
      const last = (starts[i + 1] ?? 1n << 64n) - 1n;
      for (const prefix of [first, last]) {
        const ip = v6Ip(prefix);
        if (!same(v2.lookup(ip), v1(ip))) differ++;
      }
    }
    expect(starts.length).toBeGreaterThan(10_000);
    expect(differ).toBe(0);
  });

  it('finds real networks in the real data', () => {
    expect(v2.lookup({ v: 4, n: (52 << 24) + (94 << 16) + 1 })).toMatchObject({ asn: 16509, country: 'US' });
    expect(v2.meta.sources.map((s) => s.name)).toEqual([
      '@ip-location-db/asn',
      '@ip-location-db/asn-country',
    ]);
  });
});
