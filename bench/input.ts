/**
 * Realistic bench input: public source IPs drawn from the address space of real cloud providers
 * and ISPs (read from the compiled IP data), real userAgents from test/corpus, and 0.1 % of events
 * made with a decoy key; the rest are other users' calls, which reach the ASN lookup too.
 */
import { readFileSync } from 'node:fs';
import { lazyIpData } from '../src/lib/enrich/ipdata.ts';
import { viewIpData } from '../src/lib/enrich/ipdata-format.ts';
import { cloudTrailEvent } from '../test/support/events.ts';

/** Providers (AWS, Google, Azure, DigitalOcean, Hetzner, OVH, Linode) and ISPs (Comcast, DT, Virgin Media, Orange, BT, Verizon, Free). */
const ASNS = [16509, 15169, 8075, 14061, 24940, 16276, 63949, 7922, 3320, 5089, 3215, 2856, 701, 12322];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function publicIps(count: number, seed = 7): string[] {
  const path = lazyIpData()();
  if (!path.ok) throw new Error(`${path.reason}: the bench needs the IP data`);
  const view = viewIpData(readFileSync('src/lib/enrich/data/ipdata.bin'));
  const wanted = new Set(ASNS.map((asn) => view.asns.indexOf(asn) + 1).filter((index) => index > 0));
  const ranges: [number, number][] = [];
  for (let i = 0; i < view.v4.starts.length - 1; i++) {
    if (wanted.has(view.v4.values[i] ?? 0)) ranges.push([view.v4.starts[i] ?? 0, view.v4.starts[i + 1] ?? 0]);
  }
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const [start, end] = ranges[Math.floor(next() * ranges.length)] ?? [0, 1];
    const n = start + Math.floor(next() * (end - start));
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  });
}

export function userAgents(): string[] {
  const corpus = JSON.parse(readFileSync('test/corpus/useragents.json', 'utf8')) as {
    entries: { ua: string }[];
  };
  return corpus.entries.map((entry) => entry.ua);
}

/** EventBridge events as JSON text; every `decoyEvery`-th one uses a decoy key. */
export function sampleEvents(count: number, decoyEvery = 1000, seed = 11): string[] {
  const ips = publicIps(count, seed);
  const agents = userAgents();
  const next = random(seed + 1);
  return ips.map((ip, i) => {
    const decoy = i % decoyEvery === decoyEvery - 1;
    return JSON.stringify(
      cloudTrailEvent({
        eventID: `bench-${seed}-${i}`,
        userAgent: agents[Math.floor(next() * agents.length)],
        sourceIPAddress: ip,
        userName: decoy ? 'prod-db-backup-user' : `employee-${i % 97}`,
        accessKeyId: decoy ? 'AKIA2E0A8F3B244C9986' : `AKIAOTHERUSERKEY${String(i % 9000).padStart(4, '0')}`,
      }),
    );
  });
}
