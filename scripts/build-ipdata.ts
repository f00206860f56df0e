/**
 * Compiles the offline ASN and country CSVs shipped by the @ip-location-db packages into one
 * fixed-width binary (src/lib/enrich/data/ipdata.bin) that enrichment maps on first use.
 * Idempotent: skips work when the stamp (package versions + these scripts + the format module)
 * matches. `--force` rebuilds. Missing packages (production install) are not an error.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeIpData, type IpDataContent } from '../src/lib/enrich/ipdata-format.ts';
import { buildIpContent, findPackage } from './ipdata-source.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'src/lib/enrich/data');
const outFile = join(outDir, 'ipdata.bin');
const stampFile = join(outDir, 'ipdata.stamp.json');

function write(content: IpDataContent): { bytes: number; ranges: number } {
  const raw = encodeIpData(content);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(`${outFile}.tmp`, raw);
  renameSync(`${outFile}.tmp`, outFile);
  // The brotli file of format version 1 is no longer read.
  rmSync(join(outDir, 'ipdata.bin.br'), { force: true });
  return { bytes: raw.length, ranges: content.v4.starts.length + content.v6.starts.length };
}

async function main(): Promise<void> {
  const force = process.argv.includes('--force');
  const asnPkg = findPackage('@ip-location-db/asn');
  const ccPkg = findPackage('@ip-location-db/asn-country');
  if (!asnPkg || !ccPkg) {
    console.log(
      'build:ipdata: @ip-location-db packages not installed; skipping (enrichment runs without IP data)',
    );
    return;
  }
  const hash = createHash('sha256');
  hash.update(`${asnPkg.version}|${ccPkg.version}`);
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  hash.update(readFileSync(join(root, 'src/lib/enrich/ipdata-format.ts')));
  hash.update(readFileSync(join(root, 'scripts/ipdata-source.ts')));
  const stamp = hash.digest('hex');
  if (!force && existsSync(outFile) && existsSync(stampFile)) {
    const old = JSON.parse(readFileSync(stampFile, 'utf8')) as { stamp?: string };
    if (old.stamp === stamp) {
      console.log(`build:ipdata: ${outFile} is up to date`);
      return;
    }
  }
  const started = Date.now();
  const content = await buildIpContent(asnPkg, ccPkg);
  const result = write(content);
  writeFileSync(stampFile, `${JSON.stringify({ stamp, ...result }, null, 2)}\n`);
  console.log(`build:ipdata: ${result.ranges} ranges, ${result.bytes} bytes, ${Date.now() - started} ms`);
}

await main();
