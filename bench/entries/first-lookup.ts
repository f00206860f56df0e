// Fresh process: time the first public-IP lookup (load included) and a warm one after it.
import { parseIp } from '../../src/lib/enrich/ip.ts';
import { lazyIpData } from '../../src/lib/enrich/ipdata.ts';

const path = process.argv[2] ?? 'src/lib/enrich/data/ipdata.bin';
const ip = parseIp('52.94.133.131') ?? { v: 4 as const, n: 0 };
const get = lazyIpData(() => [path]);
const started = performance.now();
const state = get();
const first = state.ok ? state.data.lookup(ip) : undefined;
const firstMs = performance.now() - started;
const again = performance.now();
const warm = state.ok ? state.data.lookup(parseIp('5.161.7.9') ?? ip) : undefined;
const warmMs = performance.now() - again;
process.stdout.write(JSON.stringify({ firstMs, warmMs, ok: Boolean(first?.asn && warm) }));
