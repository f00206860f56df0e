import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { InputRef } from './inputs.ts';
import type { InputOutcome } from './scan.ts';
import type { WorkerInit, WorkerJob, WorkerReply } from './worker.ts';

export type Runner = (ref: InputRef) => Promise<InputOutcome>;

/**
 * Runs inputs with at most `window` in flight and hands each outcome to `emit` in input order.
 * The window also bounds how many finished outcomes wait for a slower predecessor, so memory
 * stays constant however many inputs there are.
 */
export function runInOrder(
  inputs: readonly InputRef[],
  run: Runner,
  window: number,
  emit: (index: number, ref: InputRef, outcome: InputOutcome) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (inputs.length === 0) {
      resolve();
      return;
    }
    const done = new Map<number, InputOutcome>();
    let next = 0;
    let launched = 0;
    let failed = false;
    const launch = (): void => {
      while (!failed && launched < inputs.length && launched - next < window) {
        const index = launched++;
        run(inputs[index] as InputRef).then(
          (outcome) => {
            done.set(index, outcome);
            try {
              for (let ready = done.get(next); ready; ready = done.get(next)) {
                done.delete(next);
                emit(next, inputs[next] as InputRef, ready);
                next += 1;
              }
            } catch (error) {
              failed = true;
              reject(error);
              return;
            }
            if (next === inputs.length) resolve();
            else launch();
          },
          (error: unknown) => {
            failed = true;
            reject(error);
          },
        );
      }
    };
    launch();
  });
}

/** Running from source (tests, tsx) this module is `pool.ts`; in the compiled CLI it is a chunk. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
/** Loads the worker module through tsx: the fallback when no bundle can be made. */
export const WORKER_BOOT = new URL('./worker-boot.mjs', import.meta.url);
const WORKER_SOURCE = new URL('./worker.ts', import.meta.url);
/** scripts/build-cli.mjs compiles worker.ts to this entry next to the CLI's chunks. */
const WORKER_COMPILED = new URL('./analyze-worker.mjs', import.meta.url);
const CACHE = new URL('../../../node_modules/.cache/honeytrail/', import.meta.url);
const IP_DATA = new URL('../enrich/data/ipdata.bin', import.meta.url);

/**
 * The worker module. From source, each worker would compile dozens of TypeScript modules through
 * tsx (about 1.5 s each), so the worker is bundled once with esbuild into node_modules/.cache
 * (about 0.3 s per worker then); any problem falls back to the tsx path.
 */
export async function workerScript(): Promise<string> {
  if (!FROM_SOURCE) return WORKER_COMPILED.href;
  try {
    const { build } = await import('esbuild');
    const out = await build({
      entryPoints: [fileURLToPath(WORKER_SOURCE)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      packages: 'external',
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]?.text ?? '';
    const file = new URL(
      `analyze-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`,
      CACHE,
    );
    if (!existsSync(file)) {
      mkdirSync(CACHE, { recursive: true });
      const temp = `${fileURLToPath(file)}.${process.pid}`;
      writeFileSync(temp, code);
      renameSync(temp, file);
    }
    // The IP data reader looks next to its module.
    const data = new URL('ipdata.bin', CACHE);
    if (!existsSync(data) && existsSync(IP_DATA)) symlinkSync(fileURLToPath(IP_DATA), fileURLToPath(data));
    return file.href;
  } catch {
    return WORKER_SOURCE.href;
  }
}

export interface WorkerPool {
  run: Runner;
  close(): Promise<void>;
}

/** `size` worker threads, each reading and scanning whole files; a job goes to the least busy one. */
export function startWorkers(size: number, init: WorkerInit, script: string): WorkerPool {
  const pending = new Map<number, { resolve: (o: InputOutcome) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(script.endsWith('.ts') ? WORKER_BOOT : new URL(script), {
      workerData: { honeytrailAnalyze: true, script, init },
      // A worker holds one file at a time; a small heap makes V8 collect instead of growing.
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 8 },
    });
    const entry = { worker, busy: 0 };
    worker.on('message', (reply: WorkerReply) => {
      entry.busy -= 1;
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      waiter?.resolve(reply.outcome);
    });
    worker.on('error', (error) => {
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
    return entry;
  });
  return {
    run(ref) {
      const target = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      const id = nextId++;
      target.busy += 1;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        target.worker.postMessage({ id, ref } satisfies WorkerJob);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
