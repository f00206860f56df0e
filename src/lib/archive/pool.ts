import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
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

/** Where the worker module lives: next to this file when running from source. */
export const WORKER_BOOT = new URL('./worker-boot.mjs', import.meta.url);
export const WORKER_SOURCE = new URL('./worker.ts', import.meta.url);
const CACHE = new URL('../../../node_modules/.cache/honeytrail/', import.meta.url);

/**
 * From source, each worker would compile dozens of TypeScript modules through tsx (about 1.5 s
 * each). Bundling the worker once with esbuild (a dependency of tsx) into node_modules/.cache
 * makes a worker start in about 0.3 s. Any problem falls back to the tsx path.
 */
export async function workerScript(): Promise<string> {
  if (!WORKER_SOURCE.pathname.endsWith('.ts')) return WORKER_SOURCE.href;
  try {
    const { build } = await import('esbuild');
    const out = await build({
      entryPoints: [fileURLToPath(WORKER_SOURCE)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      external: ['@aws-sdk/*'],
      logLevel: 'silent',
      banner: {
        js: "import { createRequire as __hcr } from 'node:module'; const require = __hcr(import.meta.url);",
      },
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
    const worker = new Worker(WORKER_BOOT, {
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
