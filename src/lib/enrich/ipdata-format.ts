/**
 * The compiled IP data format, shared by scripts/build-ipdata.ts (writer) and ipdata.ts (reader).
 * Fixed-width little-endian arrays, each 8-byte aligned, so the reader maps typed arrays straight
 * onto the file's bytes: nothing is decompressed or decoded at load time (the Lambda zip compresses
 * the file in transit). Layout: a 32-byte header (magic `HTIP`, version, then the counts below),
 * followed by these sections in order:
 *   v6 starts  u64[v6Count]   top 64 bits of each range's first address, sorted
 *   v4 starts  u32[v4Count]   first address of each range, sorted
 *   v4 values  u32[v4Count]   1-based ASN index; 0 = no data
 *   v6 values  u32[v6Count]
 *   asns       u32[asnCount]  sorted AS numbers
 *   orgEnds    u32[asnCount]  end offset of each ASN's org name in `orgs`
 *   asnCountry u16[asnCount]  1-based index into `countries`; 0 = unknown
 *   countries  2 ASCII bytes each
 *   orgs       UTF-8, concatenated (decoded one name at a time, on lookup)
 *   meta       UTF-8 JSON
 * Country is the ASN's registration country, which is what the source dataset holds per range.
 */

export const MAGIC = 'HTIP';
export const FORMAT_VERSION = 2;
const HEADER_BYTES = 32;

export interface IpDataMeta {
  builtAt: string;
  sources: { name: string; version: string; licence: string }[];
  /** v6 ranges narrower than a /64 that had to be widened or dropped. */
  v6Truncated: number;
  /** ASNs whose org name was left out to keep the file small (see docs/enrichment.md). */
  namesOmitted: number;
}

export interface RangeTable<K> {
  starts: K[];
  values: number[];
}

/** What the builder produces; the writer's input. */
export interface IpDataContent {
  meta: IpDataMeta;
  asns: number[];
  orgs: string[];
  /** Per ASN, a 1-based index into `countries`; 0 = unknown. */
  asnCountry: number[];
  countries: string[];
  v4: RangeTable<number>;
  v6: RangeTable<bigint>;
}

/** Views over a compiled file: typed arrays sharing the file's memory, no per-range objects. */
export interface IpDataView {
  meta: IpDataMeta;
  asns: Uint32Array;
  asnCountry: Uint16Array;
  countries: string[];
  v4: { starts: Uint32Array; values: Uint32Array };
  v6: { starts: BigUint64Array; values: Uint32Array };
  /** Org name of the ASN at a 0-based index; '' when omitted. */
  org(index: number): string;
}

const align8 = (n: number): number => (n + 7) & ~7;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface Sections {
  v6Starts: number;
  v4Starts: number;
  v4Values: number;
  v6Values: number;
  asns: number;
  orgEnds: number;
  asnCountry: number;
  countries: number;
  orgs: number;
  meta: number;
  end: number;
}

function layout(
  v4: number,
  v6: number,
  asns: number,
  countries: number,
  orgBytes: number,
  metaBytes: number,
) {
  const at: Partial<Sections> = {};
  let pos = HEADER_BYTES;
  const put = (name: keyof Sections, bytes: number) => {
    at[name] = pos;
    pos = align8(pos + bytes);
  };
  put('v6Starts', v6 * 8);
  put('v4Starts', v4 * 4);
  put('v4Values', v4 * 4);
  put('v6Values', v6 * 4);
  put('asns', asns * 4);
  put('orgEnds', asns * 4);
  put('asnCountry', asns * 2);
  put('countries', countries * 2);
  put('orgs', orgBytes);
  put('meta', metaBytes);
  at.end = pos;
  return at as Sections;
}

export function encodeIpData(c: IpDataContent): Uint8Array {
  if (!LITTLE_ENDIAN) throw new Error('the IP data writer needs a little-endian machine');
  const encoder = new TextEncoder();
  const orgParts = c.orgs.map((o) => encoder.encode(o.replace(/[\r\n]+/g, ' ')));
  const orgBytes = orgParts.reduce((n, p) => n + p.length, 0);
  const meta = encoder.encode(JSON.stringify(c.meta));
  const n4 = c.v4.starts.length;
  const n6 = c.v6.starts.length;
  const na = c.asns.length;
  const at = layout(n4, n6, na, c.countries.length, orgBytes, meta.length);
  const out = new Uint8Array(at.end);
  const header = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = MAGIC.charCodeAt(i);
  [FORMAT_VERSION, n4, n6, na, c.countries.length, orgBytes, meta.length].forEach((value, i) => {
    header.setUint32(4 + i * 4, value, true);
  });
  new BigUint64Array(out.buffer, at.v6Starts, n6).set(c.v6.starts);
  new Uint32Array(out.buffer, at.v4Starts, n4).set(c.v4.starts);
  new Uint32Array(out.buffer, at.v4Values, n4).set(c.v4.values);
  new Uint32Array(out.buffer, at.v6Values, n6).set(c.v6.values);
  new Uint32Array(out.buffer, at.asns, na).set(c.asns);
  const ends = new Uint32Array(out.buffer, at.orgEnds, na);
  let pos = 0;
  orgParts.forEach((part, i) => {
    out.set(part, at.orgs + pos);
    pos += part.length;
    ends[i] = pos;
  });
  new Uint16Array(out.buffer, at.asnCountry, na).set(c.asnCountry);
  out.set(encoder.encode(c.countries.join('')), at.countries);
  out.set(meta, at.meta);
  return out;
}

/** Maps typed arrays onto a compiled file. Throws on a wrong, truncated or foreign-endian file. */
export function viewIpData(file: Uint8Array): IpDataView {
  if (!LITTLE_ENDIAN) throw new Error('compiled IP data needs a little-endian machine');
  // Typed arrays need aligned offsets; a fresh file buffer is, a slice of a pooled one may not be.
  const bytes = file.byteOffset % 8 === 0 ? file : new Uint8Array(file);
  if (bytes.length < HEADER_BYTES) throw new RangeError('compiled IP data is truncated');
  const header = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MAGIC) throw new TypeError('not a compiled IP data file');
  const word = (i: number) => header.getUint32(4 + i * 4, true);
  const version = word(0);
  if (version !== FORMAT_VERSION) throw new TypeError(`compiled IP data version ${version} is not supported`);
  const [n4, n6, na, nc, orgBytes, metaBytes] = [word(1), word(2), word(3), word(4), word(5), word(6)];
  const at = layout(n4, n6, na, nc, orgBytes, metaBytes);
  if (bytes.length < at.end) throw new RangeError('compiled IP data is truncated');
  const base = bytes.byteOffset;
  const u32 = (offset: number, count: number) => new Uint32Array(bytes.buffer, base + offset, count);
  const decoder = new TextDecoder();
  const text = (offset: number, length: number) => decoder.decode(bytes.subarray(offset, offset + length));
  const countryText = text(at.countries, nc * 2);
  const orgEnds = u32(at.orgEnds, na);
  return {
    meta: JSON.parse(text(at.meta, metaBytes)) as IpDataMeta,
    asns: u32(at.asns, na),
    asnCountry: new Uint16Array(bytes.buffer, base + at.asnCountry, na),
    countries: Array.from({ length: nc }, (_, i) => countryText.slice(i * 2, i * 2 + 2)),
    v4: { starts: u32(at.v4Starts, n4), values: u32(at.v4Values, n4) },
    v6: { starts: new BigUint64Array(bytes.buffer, base + at.v6Starts, n6), values: u32(at.v6Values, n6) },
    org(index) {
      const end = orgEnds[index];
      if (end === undefined) return '';
      const start = index > 0 ? (orgEnds[index - 1] ?? 0) : 0;
      return end > start ? text(at.orgs + start, end - start) : '';
    },
  };
}
