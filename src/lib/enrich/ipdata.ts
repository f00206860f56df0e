import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ParsedIp, v6Prefix64 } from './ip.ts';
import { type IpDataMeta, type IpDataView, viewIpData } from './ipdata-format.ts';

export const IP_DATA_FILE = 'ipdata.bin';

export interface AsnInfo {
  asn: number;
  org?: string;
  country?: string;
}

/** Offline ASN and country lookup. `lookup` is a binary search: no allocation but the result. */
export interface IpData {
  meta: IpDataMeta;
  lookup(ip: ParsedIp): AsnInfo | undefined;
}

function findLast4(starts: Uint32Array, key: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] ?? 0) <= key) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return at;
}

function findLast6(starts: BigUint64Array, key: bigint): number {
  let lo = 0;
  let hi = starts.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] ?? 0n) <= key) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return at;
}

export function ipDataFrom(data: IpDataView): IpData {
  const info = (index: number): AsnInfo | undefined => {
    if (index <= 0) return undefined;
    const asn = data.asns[index - 1];
    if (asn === undefined) return undefined;
    const out: AsnInfo = { asn };
    const org = data.org(index - 1);
    if (org) out.org = org;
    const cc = data.countries[(data.asnCountry[index - 1] ?? 0) - 1];
    if (cc) out.country = cc;
    return out;
  };
  return {
    meta: data.meta,
    lookup(ip) {
      if (ip.v === 4) return info(data.v4.values[findLast4(data.v4.starts, ip.n)] ?? 0);
      return info(data.v6.values[findLast6(data.v6.starts, v6Prefix64(ip.groups))] ?? 0);
    },
  };
}

/** Reads a compiled file and maps it as is. Throws on a missing or corrupt file; callers decide. */
export function loadIpData(path: string): IpData {
  return ipDataFrom(viewIpData(readFileSync(path)));
}

/**
 * Where the compiled file may be: next to this module in the source tree (tests, scripts), or next
 * to the bundle in a Lambda package (esbuild output, where `import.meta.url` points at the bundle),
 * under the package root in the repository layout, or in a layer at /opt/honeytrail.
 */
export function defaultIpDataPaths(): string[] {
  const out: string[] = [];
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    out.push(join(here, 'data', IP_DATA_FILE), join(here, IP_DATA_FILE));
  } catch {
    // import.meta.url is unavailable in a CJS bundle; the __dirname candidate below covers it.
  }
  if (typeof __dirname === 'string') out.push(join(__dirname, IP_DATA_FILE));
  // The Lambda package keeps the repository layout (serverless.yml package.patterns), and Lambda
  // starts in the package root.
  out.push(join(process.cwd(), 'src/lib/enrich/data', IP_DATA_FILE));
  out.push(join('/opt/honeytrail', IP_DATA_FILE));
  return out;
}

export type IpDataState = { ok: true; data: IpData } | { ok: false; reason: string };

/** Loads once, on first use; remembers failure too, so a missing file costs one `existsSync` sweep. */
export function lazyIpData(paths: () => string[] = defaultIpDataPaths): () => IpDataState {
  let state: IpDataState | undefined;
  return () => {
    if (state) return state;
    const path = paths().find((p) => existsSync(p));
    if (!path) {
      state = { ok: false, reason: 'IP data not built (run npm run build:ipdata)' };
      return state;
    }
    try {
      state = { ok: true, data: loadIpData(path) };
    } catch (cause) {
      state = {
        ok: false,
        reason: `IP data unreadable: ${cause instanceof Error ? cause.message : 'unknown error'}`,
      };
    }
    return state;
  };
}
