import { type ParsedIp, parseIp } from '../src/lib/enrich/ip.ts';
import { lazyIpData } from '../src/lib/enrich/ipdata.ts';
import { parseUserAgent } from '../src/lib/enrich/useragent.ts';

const SAMPLE_UAS = [
  'aws-cli/2.24.10 md/awscrt#0.23.8 ua/2.0 os/linux#6.12.13-cloud-amd64 md/arch#x86_64 lang/python#3.13.2 md/pyimpl#CPython md/distrib#kali.2025 md/installer#source cfg/retry-mode#standard md/command#sts.get-caller-identity',
  'Boto3/1.26.45 Python/3.9.2 Linux/6.0.0-2parrot1-amd64 Botocore/1.29.45',
  'APN/1.0 HashiCorp/1.0 Terraform/1.7.0 (+https://www.terraform.io) terraform-provider-aws/5.32.1 aws-sdk-go-v2/1.24.1',
  'aws-sdk-js/3.632.0 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.18.0 api/connect#3.632.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
  'TruffleHog',
  '[aws-cli/2.18.5]',
  'console.amazonaws.com',
];

function rate(budgetMs: number, step: (i: number) => void): number {
  for (let i = 0; i < 2000; i++) step(i);
  let n = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    for (let i = 0; i < 1000; i++) step(n + i);
    n += 1000;
    elapsed = performance.now() - started;
  }
  return Math.round((n / elapsed) * 1000);
}

/**
 * Lookups per second against the compiled IP data (0 when it is not built; the one-off load is
 * not counted) and userAgent parses per second over a mix of real strings.
 */
export function benchEnrich(): { lookupsPerSecond: number; uaParsesPerSecond: number } {
  const state = lazyIpData()();
  let lookupsPerSecond = 0;
  if (state.ok) {
    let seed = 12345;
    const ips: ParsedIp[] = [];
    while (ips.length < 4096) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const n = (seed * 2) % 2 ** 32;
      const ip = parseIp(`${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`);
      if (ip) ips.push(ip);
    }
    ips.push(parseIp('2a01:4f8::1') as ParsedIp, parseIp('2600:1f18::1') as ParsedIp);
    let sink = 0;
    lookupsPerSecond = rate(200, (i) => {
      sink += state.data.lookup(ips[i % ips.length] as ParsedIp)?.asn ?? 0;
    });
    if (sink < 0) lookupsPerSecond = 0;
  }
  let chars = 0;
  const uaParsesPerSecond = rate(200, (i) => {
    chars += parseUserAgent(SAMPLE_UAS[i % SAMPLE_UAS.length]).text.length;
  });
  return { lookupsPerSecond, uaParsesPerSecond: chars > 0 ? uaParsesPerSecond : 0 };
}
