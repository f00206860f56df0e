import type { IpKind } from './types.ts';

/** A parsed address: v4 as an unsigned 32-bit number, v6 as eight 16-bit groups. */
export type ParsedIp = { v: 4; n: number } | { v: 6; groups: number[] };

const V4_PART = /^(0|[1-9]\d{0,2})$/;

/** Strict dotted quad: no leading zeros (`010.1.2.3` is ambiguous octal, so invalid). */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!V4_PART.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

const HEXTET = /^[0-9a-f]{1,4}$/i;

function hextets(text: string): number[] | undefined {
  if (text === '') return [];
  const out: number[] = [];
  for (const part of text.split(':')) {
    if (!HEXTET.test(part)) return undefined;
    out.push(Number.parseInt(part, 16));
  }
  return out;
}

/** RFC 4291 text form, with `::` and an optional trailing dotted quad; zone IDs are refused. */
export function parseIpv6(text: string): number[] | undefined {
  if (text.length > 45 || !text.includes(':')) return undefined;
  let body = text;
  let tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(body.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    body = body.slice(0, lastColon + 1);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const head = hextets(halves[0] ?? '');
  if (!head) return undefined;
  if (halves.length === 1) {
    const groups = [...head, ...tail];
    return groups.length === 8 ? groups : undefined;
  }
  const rest = hextets(halves[1] ?? '');
  if (!rest) return undefined;
  const fill = 8 - head.length - rest.length - tail.length;
  if (fill < 1) return undefined;
  return [...head, ...new Array<number>(fill).fill(0), ...rest, ...tail];
}

export function parseIp(text: string): ParsedIp | undefined {
  const n = parseIpv4(text);
  if (n !== undefined) return { v: 4, n };
  const groups = parseIpv6(text);
  return groups ? { v: 6, groups } : undefined;
}

/** Top 64 bits of a v6 address: the unit the compiled data is keyed on. */
export function v6Prefix64(groups: number[]): bigint {
  let out = 0n;
  for (let i = 0; i < 4; i++) out = (out << 16n) | BigInt(groups[i] ?? 0);
  return out;
}

type V4Row = [base: string, bits: number, kind: IpKind, label: string];

/** Special-purpose IPv4 blocks (IANA registry), most specific first where they nest. */
const V4_SPECIAL: readonly V4Row[] = [
  ['127.0.0.0', 8, 'loopback', 'loopback'],
  ['10.0.0.0', 8, 'private', 'RFC 1918 private'],
  ['172.16.0.0', 12, 'private', 'RFC 1918 private'],
  ['192.168.0.0', 16, 'private', 'RFC 1918 private'],
  ['100.64.0.0', 10, 'private', 'carrier-grade NAT'],
  ['169.254.0.0', 16, 'private', 'link-local'],
  ['0.0.0.0', 8, 'reserved', '"this network"'],
  ['192.0.0.0', 24, 'reserved', 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'reserved', 'documentation (TEST-NET-1)'],
  ['198.51.100.0', 24, 'reserved', 'documentation (TEST-NET-2)'],
  ['203.0.113.0', 24, 'reserved', 'documentation (TEST-NET-3)'],
  ['198.18.0.0', 15, 'reserved', 'benchmarking'],
  ['224.0.0.0', 4, 'reserved', 'multicast'],
  ['240.0.0.0', 4, 'reserved', 'reserved for future use'],
];

const V4_SPECIAL_NUM = V4_SPECIAL.map(([base, bits, kind, label]) => {
  const size = 2 ** (32 - bits);
  const start = parseIpv4(base) ?? 0;
  return { start, end: start + size - 1, kind, label };
});

type V6Row = [prefix: number[], bits: number, kind: IpKind, label: string];

const V6_SPECIAL: readonly V6Row[] = [
  [[0xfc00], 7, 'private', 'unique local'],
  [[0xfe80], 10, 'private', 'link-local'],
  [[0x2001, 0x0db8], 32, 'reserved', 'documentation'],
  [[0x3fff], 20, 'reserved', 'documentation'],
  [[0xff00], 8, 'reserved', 'multicast'],
  [[0x0100], 64, 'reserved', 'discard-only'],
  [[0x2001, 0x0000], 32, 'reserved', 'Teredo'],
  [[0x2002], 16, 'reserved', '6to4'],
];

function v6InPrefix(groups: number[], prefix: number[], bits: number): boolean {
  for (let i = 0; i * 16 < bits; i++) {
    const take = Math.min(16, bits - i * 16);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if (((groups[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

export interface IpClass {
  kind: IpKind;
  label?: string;
  parsed?: ParsedIp;
}

const AWS_SERVICE = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/;

/** What the `sourceIPAddress` field holds: an address of some kind, an AWS service, or junk. */
export function classifySource(raw: string | undefined): IpClass {
  if (raw === undefined || raw.trim() === '') return { kind: 'missing' };
  const text = raw.trim();
  if (text === 'AWS Internal') return { kind: 'aws-internal' };
  if (text.length <= 253 && AWS_SERVICE.test(text)) return { kind: 'aws-service' };
  const parsed = parseIp(text);
  if (!parsed) return { kind: 'invalid' };
  if (parsed.v === 4) {
    const hit = V4_SPECIAL_NUM.find((row) => parsed.n >= row.start && parsed.n <= row.end);
    return hit ? { kind: hit.kind, label: hit.label, parsed } : { kind: 'public-v4', parsed };
  }
  const g = parsed.groups;
  if (g.every((x, i) => x === (i === 7 ? 1 : 0))) return { kind: 'loopback', label: 'loopback', parsed };
  if (g.every((x) => x === 0)) return { kind: 'reserved', label: 'unspecified', parsed };
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    const mapped = `${(g[6] ?? 0) >> 8}.${(g[6] ?? 0) & 255}.${(g[7] ?? 0) >> 8}.${(g[7] ?? 0) & 255}`;
    const inner = classifySource(mapped);
    return { ...inner, label: `IPv4-mapped ${mapped}` };
  }
  const hit = V6_SPECIAL.find(([prefix, bits]) => v6InPrefix(g, prefix, bits));
  return hit ? { kind: hit[2], label: hit[3], parsed } : { kind: 'public-v6', parsed };
}
