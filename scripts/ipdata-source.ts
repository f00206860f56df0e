/**
 * Reads the offline ASN and country CSVs shipped by the @ip-location-db packages into the content
 * of the compiled IP data (src/lib/enrich/ipdata-format.ts). Used by build-ipdata.ts and by the
 * test that compares formats.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { IpDataContent } from '../src/lib/enrich/ipdata-format.ts';

const require = createRequire(import.meta.url);

export interface Pkg {
  name: string;
  dir: string;
  version: string;
  licence: string;
}

export function findPackage(name: string): Pkg | undefined {
  try {
    const file = require.resolve(`${name}/package.json`);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { version: string; license: string };
    return { name, dir: dirname(file), version: json.version, licence: json.license };
  } catch {
    return undefined;
  }
}

/** Splits `a,b,c,"org, with comma"` into at most four fields. */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length && out.length < 3) {
    const j = line.indexOf(',', i);
    out.push(j < 0 ? line.slice(i) : line.slice(i, j));
    i = j < 0 ? line.length + 1 : j + 1;
  }
  if (i <= line.length) {
    let rest = line.slice(i);
    if (rest.startsWith('"') && rest.endsWith('"')) rest = rest.slice(1, -1).replace(/""/g, '"');
    out.push(rest);
  }
  return out;
}

async function* rows(file: string): AsyncGenerator<string[]> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) if (line) yield splitCsv(line);
}

/** Turns sorted inclusive ranges into gap-filled range starts with merged neighbours. */
class RangeBuilder {
  starts: bigint[] = [];
  values: number[] = [];
  private covered = -1n;
  dropped = 0;

  add(start: bigint, end: bigint, value: number): void {
    let s = start;
    if (end <= this.covered) {
      this.dropped++;
      return;
    }
    if (s <= this.covered) {
      this.dropped++;
      s = this.covered + 1n;
    }
    if (s > this.covered + 1n) this.push(this.covered + 1n, 0);
    this.push(s, value);
    this.covered = end;
  }

  private push(start: bigint, value: number): void {
    if (this.values.length && this.values[this.values.length - 1] === value) return;
    this.starts.push(start);
    this.values.push(value);
  }

  finish(max: bigint): void {
    if (this.covered < max) this.push(this.covered + 1n, 0);
  }
}

const V4_MAX = 0xffffffffn;
const V6_MAX64 = (1n << 64n) - 1n;
const LOW64 = (1n << 64n) - 1n;

/** Keep an org name when the ASN holds at least a /22 of IPv4, or (v6-only) at least a /32 of IPv6. */
const NAME_MIN_V4 = 1024n;
const NAME_MIN_V6_64S = 1n << 32n;
const NAME_MAX_CHARS = 48;

function lookupStart(starts: bigint[], values: number[], key: bigint): number {
  let lo = 0;
  let hi = starts.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] ?? 0n) <= key) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return at < 0 ? 0 : (values[at] ?? 0);
}

/** Reads the two packages' CSVs into the compiled content (ranges merged, names trimmed). */
export async function buildIpContent(asnPkg: Pkg, ccPkg: Pkg): Promise<IpDataContent> {
  const countries: string[] = [];
  const ccIndex = new Map<string, number>();
  const cc4 = new RangeBuilder();
  const cc6 = new RangeBuilder();
  for (const v6 of [false, true]) {
    const file = join(ccPkg.dir, v6 ? 'asn-country-ipv6-num.csv' : 'asn-country-ipv4-num.csv');
    for await (const [s, e, cc] of rows(file)) {
      if (!s || !e || !cc || !/^[A-Z]{2}$/.test(cc)) continue;
      let idx = ccIndex.get(cc);
      if (idx === undefined) {
        countries.push(cc);
        idx = countries.length;
        ccIndex.set(cc, idx);
      }
      (v6 ? cc6 : cc4).add(BigInt(s), BigInt(e), idx);
    }
  }

  interface AsnStat {
    org: string;
    v4: bigint;
    v6: bigint;
    votes: Map<number, bigint>;
  }
  const stats = new Map<number, AsnStat>();
  const asnRows: { v6: boolean; s: bigint; e: bigint; asn: number }[] = [];
  for (const v6 of [false, true]) {
    const file = join(asnPkg.dir, v6 ? 'asn-ipv6-num.csv' : 'asn-ipv4-num.csv');
    for await (const [s, e, a, org] of rows(file)) {
      const asn = Number(a);
      if (!s || !e || !Number.isInteger(asn)) continue;
      const start = BigInt(s);
      const end = BigInt(e);
      let stat = stats.get(asn);
      if (!stat) {
        stat = { org: org ?? '', v4: 0n, v6: 0n, votes: new Map() };
        stats.set(asn, stat);
      }
      const size = v6 ? ((end - start) >> 64n) + 1n : end - start + 1n;
      if (v6) stat.v6 += size;
      else stat.v4 += size;
      const country = v6
        ? lookupStart(cc6.starts, cc6.values, start)
        : lookupStart(cc4.starts, cc4.values, start);
      if (country) stat.votes.set(country, (stat.votes.get(country) ?? 0n) + (v6 ? size : size << 32n));
      asnRows.push({ v6, s: start, e: end, asn });
    }
  }
  const asns = [...stats.keys()].sort((a, b) => a - b);
  const asnIndex = new Map(asns.map((a, i) => [a, i + 1]));
  let namesOmitted = 0;
  const orgs = asns.map((a) => {
    const st = stats.get(a);
    if (!st) return '';
    const keep = st.v4 >= NAME_MIN_V4 || (st.v4 === 0n && st.v6 >= NAME_MIN_V6_64S);
    if (!keep) namesOmitted++;
    return keep ? st.org.trim().slice(0, NAME_MAX_CHARS) : '';
  });
  const asnCountry = asns.map((a) => {
    let best = 0;
    let bestVotes = 0n;
    for (const [c, v] of stats.get(a)?.votes ?? []) {
      if (v > bestVotes) {
        best = c;
        bestVotes = v;
      }
    }
    return best;
  });

  let v6Truncated = 0;
  const v4 = new RangeBuilder();
  const v6 = new RangeBuilder();
  for (const r of asnRows) {
    const idx = asnIndex.get(r.asn) ?? 0;
    if (!r.v6) v4.add(r.s, r.e, idx);
    else {
      if ((r.s & LOW64) !== 0n || (r.e & LOW64) !== LOW64) v6Truncated++;
      v6.add(r.s >> 64n, r.e >> 64n, idx);
    }
  }
  v4.finish(V4_MAX);
  v6.finish(V6_MAX64);

  const content: IpDataContent = {
    meta: {
      builtAt: new Date().toISOString(),
      sources: [asnPkg, ccPkg].map((p) => ({ name: p.name, version: p.version, licence: p.licence })),
      v6Truncated,
      namesOmitted,
    },
    asns,
    orgs,
    asnCountry,
    countries,
    v4: { starts: v4.starts.map(Number), values: v4.values },
    v6: { starts: v6.starts, values: v6.values },
  };
  return content;
}
