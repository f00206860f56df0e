// Worker threads do not inherit tsx's loader from the main thread: register it here when the
// worker module is TypeScript (running from source), then load it. A bundled build passes .js.
import { workerData } from 'node:worker_threads';

if (workerData.script.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.script);
