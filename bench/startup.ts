/** Figures that need fresh processes: bundle sizes, cold import, first IP lookup, CLI start-up. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { parseRegistry } from '../src/lib/decoys/registry-yaml.ts';
import { interleave, type Summary, summarise } from './stats.ts';

const DIR = resolve('.bench');
const plugins = createRequire(import.meta.url)('../deploy/esbuild-plugins.cjs') as Plugin[];

/** The options serverless.yml gives serverless-esbuild. */
async function bundle(entry: string, name: string): Promise<{ file: string; bytes: number }> {
  const file = join(DIR, `${name}.cjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    outfile: file,
    external: ['@aws-sdk/*'],
    plugins,
    logLevel: 'silent',
  });
  return { file, bytes: readFileSync(file).length };
}

export async function bundleSizes(): Promise<Record<string, { file: string; bytes: number }>> {
  mkdirSync(DIR, { recursive: true });
  const out: Record<string, { file: string; bytes: number }> = {};
  for (const name of ['detect-use', 'detect-tamper', 'audit'])
    out[name] = await bundle(`src/handlers/${name}.ts`, name);
  out['sdk-baseline'] = await bundle('bench/entries/sdk-baseline.ts', 'sdk-baseline');
  return out;
}

function handlerEnv(): NodeJS.ProcessEnv {
  // What `serverless package` gives the function: the registry as JSON.
  const registry = parseRegistry(readFileSync('test/events/decoys.yml', 'utf8'));
  const decoys = join(DIR, 'decoys.json');
  writeFileSync(decoys, JSON.stringify({ decoys: registry.decoys }));
  return {
    ...process.env,
    TABLE_NAME: 'bench',
    TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:bench',
    DECOYS_FILE: decoys,
    AWS_REGION: 'us-east-1',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** Milliseconds to require a bundle in a fresh node process. */
function coldImport(file: string, env: NodeJS.ProcessEnv): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  return Number(execFileSync(process.execPath, ['-e', script], { env }).toString());
}

export function coldImports(files: { handler: string; baseline: string }, rounds: number) {
  const env = handlerEnv();
  const runs = interleave(rounds, {
    handler: () => coldImport(files.handler, env),
    baseline: () => coldImport(files.baseline, env),
  });
  const ratios = runs.handler.map((ms, i) => ms / (runs.baseline[i] ?? ms));
  return { handler: summarise(runs.handler), baseline: summarise(runs.baseline), ratio: summarise(ratios) };
}

/**
 * Where a bundle's own cold-start cost goes, without the SDK import that dwarfs it: a fresh process
 * loads the two SDK client packages first (as both bundles would), then V8 compiles the bundle and
 * runs its top level (module set-up, config, registry, client creation) separately timed.
 */
function initSplit(file: string, env: NodeJS.ProcessEnv): { compile: number; run: number } {
  const script = [
    "require('@aws-sdk/client-dynamodb'); require('@aws-sdk/client-sns');",
    "const { readFileSync } = require('node:fs'); const { compileFunction } = require('node:vm');",
    "const { createRequire } = require('node:module'); const { dirname } = require('node:path');",
    `const file = ${JSON.stringify(file)}; const source = readFileSync(file, 'utf8');`,
    'let t = process.hrtime.bigint();',
    "const wrapper = compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });",
    'const compile = Number(process.hrtime.bigint() - t) / 1e6; t = process.hrtime.bigint();',
    'const module = { exports: {} }; wrapper(module.exports, createRequire(file), module, file, dirname(file));',
    'const run = Number(process.hrtime.bigint() - t) / 1e6;',
    'process.stdout.write(JSON.stringify({ compile, run }));',
  ].join('\n');
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { env }).toString()) as {
    compile: number;
    run: number;
  };
}

/** Compile and top-level run times of the handler and the SDK-only baseline, interleaved. */
export function ownInit(files: { handler: string; baseline: string }, rounds: number) {
  const env = handlerEnv();
  const seen: Record<'handler' | 'baseline', { compile: number; run: number }[]> = {
    handler: [],
    baseline: [],
  };
  const sample = (name: 'handler' | 'baseline') => () => {
    const split = initSplit(files[name], env);
    seen[name].push(split);
    return split.compile + split.run;
  };
  interleave(rounds, { handler: sample('handler'), baseline: sample('baseline') });
  // The first sample of each is interleave's warm-up round.
  const figures = (samples: { compile: number; run: number }[]) => ({
    compile: summarise(samples.slice(1).map((s) => s.compile)),
    run: summarise(samples.slice(1).map((s) => s.run)),
    total: summarise(samples.slice(1).map((s) => s.compile + s.run)),
  });
  return { handler: figures(seen.handler), baseline: figures(seen.baseline) };
}

export async function firstLookups(rounds: number): Promise<{ first: Summary; warm: Summary; ok: boolean }> {
  const file = join(DIR, 'first-lookup.mjs');
  await build({
    entryPoints: ['bench/entries/first-lookup.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: file,
    logLevel: 'silent',
  });
  const samples = Array.from(
    { length: rounds + 1 },
    () =>
      JSON.parse(
        execFileSync(process.execPath, [file, resolve('src/lib/enrich/data/ipdata.bin')]).toString(),
      ) as {
        firstMs: number;
        warmMs: number;
        ok: boolean;
      },
  ).slice(1);
  return {
    first: summarise(samples.map((s) => s.firstMs)),
    warm: summarise(samples.map((s) => s.warmMs)),
    ok: samples.every((s) => s.ok),
  };
}

function wallMs(args: string[]): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${run.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** `honeytrail --version` against `node -e 0`, paired and interleaved. */
export function cliStartup(rounds: number) {
  const runs = interleave(rounds, {
    cli: () => wallMs(['bin/honeytrail', '--version']),
    node: () => wallMs(['-e', '0']),
  });
  const cli = summarise(runs.cli);
  const node = summarise(runs.node);
  return { cli, node, ratio: cli.median / node.median };
}
