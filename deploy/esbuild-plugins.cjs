// esbuild plugins for the Lambda bundles (serverless.yml custom.esbuild.plugins, and npm run bench).
//  - No YAML in any function: functions read the JSON registry `serverless package` compiles from
//    decoys.yml, so the YAML parser module is swapped for a stub that says so.
//  - No zod in any function's cold start: each schema module (`*.schema.ts`, which exports only zod
//    schemas) is replaced by validators compiled from those very schemas at bundle time
//    (src/lib/validate/compile.ts), and safe-parse.ts by its counterpart that calls them.
//  - No web streams at import: @middy/core imports node:stream/web only for response streaming, which
//    no honeytrail function uses, and loading that builtin costs ~0.8 ms of every cold start. Bundles
//    get a module whose ReadableStream loads node:stream/web on first use instead.
const path = require('node:path');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');

const root = path.resolve(__dirname, '..');
const validate = path.join(root, 'src/lib/validate');

const swap = (name, filter, from, to) => ({
  name,
  setup(build) {
    build.onResolve({ filter }, (args) => ({
      path: path.join(args.resolveDir, args.path.replace(from, to)),
    }));
  },
});

const noYamlInLambda = swap(
  'honeytrail-no-yaml',
  /[\\/]registry-yaml\.ts$/,
  /registry-yaml\.ts$/,
  'registry-yaml.lambda.ts',
);
const compiledSafeParse = swap(
  'honeytrail-safe-parse',
  /[\\/]safe-parse\.ts$/,
  /safe-parse\.ts$/,
  'safe-parse.lambda.ts',
);

/** Loads a schema module and the compiler in this process (bundled to CommonJS) and compiles it. */
async function compiledSource(esbuild, schemaPath) {
  const entry = [
    `import * as schemas from ${JSON.stringify(schemaPath)};`,
    `import * as hooks from ${JSON.stringify(path.join(validate, 'hooks.ts'))};`,
    `import { compileModule } from ${JSON.stringify(path.join(validate, 'compile.ts'))};`,
    'export const source = compileModule(schemas, {',
    '  hooks,',
    `  hooksPath: ${JSON.stringify(path.join(validate, 'hooks.ts'))},`,
    `  runtimePath: ${JSON.stringify(path.join(validate, 'runtime.ts'))},`,
    '});',
  ].join('\n');
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'compile-schemas.ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'honeytrail-schemas-'));
  try {
    const file = path.join(dir, 'compile.cjs');
    writeFileSync(file, result.outputFiles[0].text);
    return require(file).source;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const compiledSchemas = {
  name: 'honeytrail-compiled-schemas',
  setup(build) {
    const esbuild = build.esbuild ?? require('esbuild');
    build.onResolve({ filter: /\.schema\.ts$/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path),
      namespace: 'honeytrail-compiled',
    }));
    build.onLoad({ filter: /.*/, namespace: 'honeytrail-compiled' }, async (args) => ({
      contents: await compiledSource(esbuild, args.path),
      loader: 'js',
      resolveDir: path.dirname(args.path),
      watchFiles: [args.path],
    }));
  },
};

const lazyWebStreams = {
  name: 'honeytrail-lazy-web-streams',
  setup(build) {
    build.onResolve({ filter: /^node:stream\/web$/ }, (args) =>
      args.importer.includes(`${path.sep}@middy${path.sep}core${path.sep}`)
        ? { path: 'stream-web', namespace: 'honeytrail-lazy' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'honeytrail-lazy' }, () => ({
      contents:
        "module.exports = { get ReadableStream() { return require('node:stream/web').ReadableStream; } };",
      loader: 'js',
    }));
  },
};

module.exports = [noYamlInLambda, compiledSafeParse, compiledSchemas, lazyWebStreams];
