/**
 * The esbuild plugin that keeps node:stream/web out of a Lambda's cold start (deploy/esbuild-plugins.cjs):
 * @middy/core, bundled the way the functions are, must load without that builtin and still stream a
 * web ReadableStream when a handler asks for response streaming.
 */
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { build, type Plugin } from 'esbuild';

const require = createRequire(import.meta.url);
const plugins = require('../../deploy/esbuild-plugins.cjs') as Plugin[];

type Middy = (handler: () => Promise<unknown>, options?: { streamifyResponse: boolean }) => unknown;

async function bundledMiddy(withPlugins: boolean) {
  const result = await build({
    stdin: { contents: "export { default } from '@middy/core';", resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    plugins: withPlugins ? plugins : [],
    logLevel: 'silent',
  });
  const requested: string[] = [];
  const recording = (id: string) => {
    requested.push(id);
    return require(id);
  };
  const loaded = { exports: {} as { default: Middy } };
  new Function('module', 'exports', 'require', result.outputFiles[0]?.text ?? '')(
    loaded,
    loaded.exports,
    recording,
  );
  return { middy: loaded.exports.default, requested };
}

describe('lazy web streams in Lambda bundles', () => {
  it('loads @middy/core without node:stream/web (and the plain bundle does load it)', async () => {
    expect((await bundledMiddy(false)).requested).toContain('node:stream/web');
    const { requested } = await bundledMiddy(true);
    expect(requested).toEqual(expect.arrayContaining(['node:stream', 'node:timers']));
    expect(requested).not.toContain('node:stream/web');
  });

  it('still streams a web ReadableStream, loading node:stream/web on first use', async () => {
    const { middy, requested } = await bundledMiddy(true);
    const chunks: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    const global = globalThis as { awslambda?: unknown };
    global.awslambda = { streamifyResponse: (fn: unknown) => fn };
    try {
      const handler = middy(
        async () =>
          new ReadableStream({
            start(controller) {
              controller.enqueue('decoy ');
              controller.enqueue('used');
              controller.close();
            },
          }),
        { streamifyResponse: true },
      ) as (event: unknown, stream: Writable, context: unknown) => Promise<void>;
      await handler({}, sink, {});
    } finally {
      delete global.awslambda;
    }
    expect(chunks.join('')).toBe('decoy used');
    expect(requested).toContain('node:stream/web');
  });
});
