/**
 * The previous compiled IP data format (version 1: varint-coded, brotli-compressed) and its lookup,
 * kept only so a test can prove the fixed-width format answers every range the same way.
 */
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { ParsedIp } from '../../src/lib/enrich/ip.ts';
import { v6Prefix64 } from '../../src/lib/enrich/ip.ts';
import type { AsnInfo } from '../../src/lib/enrich/ipdata.ts';
import type { IpDataContent, IpDataMeta, RangeTable } from '../../src/lib/enrich/ipdata-format.ts';

export const MAGIC = 'HTIP';
export const FORMAT_VERSION = 1;

export class ByteWriter {
  private chunks: Uint8Array[] = [];
  private buf = new Uint8Array(1 << 16);
  private pos = 0;

  private byte(b: number): void {
    if (this.pos === this.buf.length) {
      this.chunks.push(this.buf);
      this.buf = new Uint8Array(1 << 16);
      this.pos = 0;
    }
    this.buf[this.pos++] = b;
  }

  uint(n: number): void {
    let v = n;
    while (v >= 0x80) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.byte(v);
  }

  big(n: bigint): void {
    let v = n;
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  bytes(data: Uint8Array): void {
    this.uint(data.length);
    for (const b of data) this.byte(b);
  }

  text(s: string): void {
    this.bytes(new TextEncoder().encode(s));
  }

  finish(): Uint8Array {
    const parts = [...this.chunks, this.buf.subarray(0, this.pos)];
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

export class ByteReader {
  private pos = 0;
  constructor(private readonly data: Uint8Array) {}

  uint(): number {
    let out = 0;
    let scale = 1;
    for (;;) {
      const b = this.data[this.pos++];
      if (b === undefined) throw new RangeError('compiled IP data is truncated');
      out += (b & 0x7f) * scale;
      if (b < 0x80) return out;
      scale *= 0x80;
    }
  }

  big(): bigint {
    let out = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.data[this.pos++];
      if (b === undefined) throw new RangeError('compiled IP data is truncated');
      out |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return out;
      shift += 7n;
    }
  }

  bytes(): Uint8Array {
    const n = this.uint();
    const out = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  text(): string {
    return new TextDecoder().decode(this.bytes());
  }
}

function writeTable4(w: ByteWriter, t: RangeTable<number>): void {
  w.uint(t.starts.length);
  let prev = 0;
  for (const s of t.starts) {
    w.uint(s - prev);
    prev = s;
  }
  for (const v of t.values) w.uint(v);
}

function writeTable6(w: ByteWriter, t: RangeTable<bigint>): void {
  w.uint(t.starts.length);
  let prev = 0n;
  for (const s of t.starts) {
    w.big(s - prev);
    prev = s;
  }
  for (const v of t.values) w.uint(v);
}

export function encodeIpData(c: IpDataContent): Uint8Array {
  const w = new ByteWriter();
  for (const ch of MAGIC) w.uint(ch.charCodeAt(0));
  w.uint(FORMAT_VERSION);
  w.text(JSON.stringify(c.meta));
  w.uint(c.asns.length);
  let prev = 0;
  for (const a of c.asns) {
    w.uint(a - prev);
    prev = a;
  }
  w.text(c.orgs.map((o) => o.replace(/[\r\n]+/g, ' ')).join('\n'));
  for (const i of c.asnCountry) w.uint(i);
  w.text(c.countries.join(''));
  writeTable4(w, c.v4);
  writeTable6(w, c.v6);
  return w.finish();
}

/** Decoded form used for lookups: typed arrays, no per-range objects. */
export interface DecodedIpData {
  meta: IpDataMeta;
  asns: Uint32Array;
  orgs: string[];
  asnCountry: Uint16Array;
  countries: string[];
  v4: { starts: Uint32Array; values: Uint32Array };
  v6: { starts: BigUint64Array; values: Uint32Array };
}

function readTable4(r: ByteReader): { starts: Uint32Array; values: Uint32Array } {
  const n = r.uint();
  const starts = new Uint32Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += r.uint();
    starts[i] = acc;
  }
  const values = new Uint32Array(n);
  for (let i = 0; i < n; i++) values[i] = r.uint();
  return { starts, values };
}

function readTable6(r: ByteReader): { starts: BigUint64Array; values: Uint32Array } {
  const n = r.uint();
  const starts = new BigUint64Array(n);
  let acc = 0n;
  for (let i = 0; i < n; i++) {
    acc += r.big();
    starts[i] = acc;
  }
  const values = new Uint32Array(n);
  for (let i = 0; i < n; i++) values[i] = r.uint();
  return { starts, values };
}

export function decodeIpData(raw: Uint8Array): DecodedIpData {
  const r = new ByteReader(raw);
  const magic = String.fromCharCode(r.uint(), r.uint(), r.uint(), r.uint());
  if (magic !== MAGIC) throw new TypeError('not a compiled IP data file');
  const version = r.uint();
  if (version !== FORMAT_VERSION) throw new TypeError(`compiled IP data version ${version} is not supported`);
  const meta = JSON.parse(r.text()) as IpDataMeta;
  const asnCount = r.uint();
  const asns = new Uint32Array(asnCount);
  let acc = 0;
  for (let i = 0; i < asnCount; i++) {
    acc += r.uint();
    asns[i] = acc;
  }
  const orgs = r.text().split('\n');
  const asnCountry = new Uint16Array(asnCount);
  for (let i = 0; i < asnCount; i++) asnCountry[i] = r.uint();
  const ccText = r.text();
  const countries: string[] = [];
  for (let i = 0; i < ccText.length; i += 2) countries.push(ccText.slice(i, i + 2));
  return { meta, asns, orgs, asnCountry, countries, v4: readTable4(r), v6: readTable6(r) };
}

/** Version 1 as written to disk: brotli over the varint encoding (fast level: same bytes back). */
export function packV1(c: IpDataContent): Buffer {
  return brotliCompressSync(encodeIpData(c), { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } });
}

function findLast<K extends number | bigint>(starts: ArrayLike<K>, key: K): number {
  let lo = 0;
  let hi = starts.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as K) <= key) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return at;
}

/** The version 1 reader: decompress, decode, then the same binary search as before. */
export function lookupV1(packed: Buffer): (ip: ParsedIp) => AsnInfo | undefined {
  const data = decodeIpData(brotliDecompressSync(packed));
  const info = (index: number): AsnInfo | undefined => {
    if (index <= 0) return undefined;
    const asn = data.asns[index - 1];
    if (asn === undefined) return undefined;
    const out: AsnInfo = { asn };
    const org = data.orgs[index - 1];
    if (org) out.org = org;
    const cc = data.countries[(data.asnCountry[index - 1] ?? 0) - 1];
    if (cc) out.country = cc;
    return out;
  };
  return (ip) =>
    ip.v === 4
      ? info(data.v4.values[findLast(data.v4.starts, ip.n)] ?? 0)
      : info(data.v6.values[findLast(data.v6.starts, v6Prefix64(ip.groups))] ?? 0);
}
