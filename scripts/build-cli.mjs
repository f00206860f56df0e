// Compiles the CLI ahead of time (npm run build:cli, run by npm ci through `prepare`), so
// bin/honeytrail starts plain JavaScript: no TypeScript loader at run time. Packages stay in
// node_modules; each command group is its own chunk, loaded only when that command runs.
import { readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/cli');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

rmSync(outdir, { recursive: true, force: true });
await build({
  // The analyze worker threads load their own entry, sharing the chunks.
  entryPoints: {
    honeytrail: join(root, 'src/cli/bin.ts'),
    'analyze-worker': join(root, 'src/lib/archive/worker.ts'),
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  chunkNames: '[name]-[hash]',
  define: { HONEYTRAIL_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
});
// The IP data reader looks next to its module; point it at the compiled file (npm run build:ipdata).
const data = join(root, 'src/lib/enrich/data/ipdata.bin');
symlinkSync(relative(outdir, data), join(outdir, 'ipdata.bin'));
if (process.argv.includes('--verbose'))
  console.log(`build:cli: ${relative(root, outdir)} (honeytrail ${version})`);
