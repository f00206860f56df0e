import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** What one invocation of the function returned, as Lambda would report it. */
export type InvocationResult = { ok: true; result: unknown } | { ok: false; error: string };

type Reply = { id: number } & InvocationResult;

interface Environment {
  process: ChildProcess;
  ready: Promise<void>;
  inflight: Map<number, (result: InvocationResult) => void>;
}

/**
 * The Lambda side of the simulation: one warm execution environment (a child process running the
 * real handler) at a time, started on first use and again after a crash, like a cold start.
 */
export function makeContainer(env: Record<string, string>) {
  let current: Environment | undefined;
  let nextId = 1;

  function start(): Environment {
    const child = fork(WORKER, [], {
      env: { ...process.env, ...env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const inflight = new Map<number, (result: InvocationResult) => void>();
    const ready = new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the worker exited before it was ready (${code})`)));
    });
    child.on('message', (message: Reply | { ready: true }) => {
      if (!('id' in message)) return;
      inflight.get(message.id)?.(message);
      inflight.delete(message.id);
    });
    child.on('exit', () => {
      // Whatever was running in it failed the way Lambda reports a crashed runtime.
      for (const resolve of inflight.values())
        resolve({ ok: false, error: 'Runtime.ExitError: the execution environment died (simulated crash)' });
      inflight.clear();
      if (current?.process === child) current = undefined;
    });
    return { process: child, ready, inflight };
  }

  return {
    async invoke(event: unknown, now: number): Promise<InvocationResult> {
      current ??= start();
      const environment = current;
      await environment.ready;
      const id = nextId++;
      const result = new Promise<InvocationResult>((resolve) => environment.inflight.set(id, resolve));
      environment.process.send({ id, now, event });
      return result;
    },
    /** Kills the execution environment mid-invocation: no catch, no finally, no cleanup runs. */
    crash(): void {
      current?.process.kill('SIGKILL');
      current = undefined;
    },
    async stop(): Promise<void> {
      const environment = current;
      current = undefined;
      if (!environment || environment.process.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        environment.process.once('exit', () => resolve());
        environment.process.kill('SIGTERM');
      });
    },
  };
}

export type Container = ReturnType<typeof makeContainer>;
