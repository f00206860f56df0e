/**
 * `npm run bench`: throughput of the analyze pipeline against plain JSON.parse, and the minified
 * size and cold-import time of each Lambda bundle. Prints figures; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';

import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { parseEnvelope } from '../src/lib/cloudtrail/schema.ts';
import { parseRegistry } from '../src/lib/decoys/registry-yaml.ts';
import { ALL_RULES } from '../src/lib/detect/all-rules.ts';
import { analyzeRecord } from '../src/lib/detect/rules.ts';
import { lazyIpData } from '../src/lib/enrich/ipdata.ts';
import { cloudTrailEvent } from '../test/support/events.ts';
import { benchEnrich } from './enrich.ts';

const registry = parseRegistry(readFileSync('test/events/decoys.yml', 'utf8'));
const rules = ALL_RULES;

function sampleEvents(count: number): string[] {
  const agents = [
    'aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.12.13-amd64 md/distrib#kali.2025 lang/python#3.12.6 md/command#sts.get-caller-identity',
    'TruffleHog',
    'Boto3/1.26.45 Python/3.9.2 Linux/6.0.0-2parrot1-amd64 Botocore/1.29.45',
    'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/sts#1.30.3',
  ];
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify(
      cloudTrailEvent({
        userAgent: agents[i % agents.length],
        sourceIPAddress: `198.51.100.${i % 250}`,
        userName: i % 3 === 0 ? 'alice' : 'prod-db-backup-user',
        accessKeyId: i % 3 === 0 ? 'AKIAOTHERUSERKEY0001' : 'AKIA2E0A8F3B244C9986',
      }),
    ),
  );
}

function rate(label: string, events: string[], work: (text: string) => unknown): number {
  for (const text of events.slice(0, 500)) work(text);
  const start = process.hrtime.bigint();
  let rounds = 0;
  while (process.hrtime.bigint() - start < 1_000_000_000n) {
    for (const text of events) work(text);
    rounds += 1;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const perSecond = (rounds * events.length) / seconds;
  console.log(`  ${label.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} events/s`);
  return perSecond;
}

async function bundles(): Promise<void> {
  const dir = join(process.cwd(), '.bench');
  mkdirSync(dir, { recursive: true });
  const handlers = readdirSync('src/handlers').filter((file) => file.endsWith('.ts'));
  console.log('\nHandler bundles (esbuild, minified, @aws-sdk/* left to the Lambda runtime)');
  for (const file of handlers) {
    const outfile = join(dir, `${basename(file, '.ts')}.cjs`);
    await build({
      entryPoints: [join('src/handlers', file)],
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      outfile,
      external: ['@aws-sdk/*'],
      logLevel: 'silent',
    });
    const bytes = statSync(outfile).size;
    const gz = gzipSync(readFileSync(outfile)).length;
    const env = {
      ...process.env,
      TABLE_NAME: 'bench',
      TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:bench',
      DECOYS_FILE: 'test/events/decoys.yml',
      AWS_REGION: 'us-east-1',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const script = `const t=process.hrtime.bigint();require(${JSON.stringify(outfile)});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
    const runs = [0, 1, 2].map(() =>
      Number(execFileSync(process.execPath, ['-e', script], { env }).toString().trim()),
    );
    const coldMs = Math.min(...runs);
    console.log(
      `  ${file.padEnd(22)} ${(bytes / 1024).toFixed(1).padStart(8)} kB minified ${(gz / 1024).toFixed(1).padStart(7)} kB gzipped   cold import ${coldMs.toFixed(1)} ms`,
    );
  }
}

async function main(): Promise<void> {
  const events = sampleEvents(2000);
  console.log(`Analyze pipeline on ${events.length} EventBridge events (two thirds decoy use)`);
  const parse = rate('JSON.parse only', events, (text) => JSON.parse(text));
  const full = rate('JSON.parse + zod validation + enrich + rules', events, (text) =>
    analyzeRecord(parseEnvelope(JSON.parse(text)).detail, { registry }, rules),
  );
  console.log(`  pipeline runs at ${((full / parse) * 100).toFixed(1)}% of JSON.parse speed`);
  const enrichRates = benchEnrich();
  console.log('\nEnrichment (offline data, no network)');
  console.log(
    `  IP lookups (ASN, org, country, provider)     ${enrichRates.lookupsPerSecond.toLocaleString('en-US').padStart(12)} /s`,
  );
  console.log(
    `  userAgent parses                             ${enrichRates.uaParsesPerSecond.toLocaleString('en-US').padStart(12)} /s`,
  );
  await bundles();
  const data = 'src/lib/enrich/data/ipdata.bin.br';
  if (existsSync(data)) {
    const started = performance.now();
    const loaded = lazyIpData(() => [data])();
    const loadMs = performance.now() - started;
    console.log(
      `  ${'ipdata.bin.br (shipped beside each bundle)'.padEnd(44)}${(statSync(data).size / 1024).toFixed(1).padStart(8)} kB, ` +
        `loaded on the first public-IP lookup in ${loadMs.toFixed(0)} ms (${loaded.ok ? 'ok' : loaded.reason})`,
    );
  } else {
    console.log('  IP data not built: run npm run build:ipdata');
  }
}

await main();
