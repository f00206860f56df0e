import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { makeS3Reader, type S3Reader } from '../aws/s3.ts';
import { buildRegistry } from '../decoys/registry.ts';
import { type InputRef, readInput } from './inputs.ts';
import type { InputOutcome, ScanOptions } from './scan.ts';

/** What every worker is told once: the registry entries and the scan settings. */
export interface WorkerInit {
  decoys: unknown[];
  detector: boolean;
  all: boolean;
  forcePathStyle: boolean;
}

export interface WorkerJob {
  id: number;
  ref: InputRef;
}

export interface WorkerReply {
  id: number;
  outcome: InputOutcome;
}

/** Turns the init message into scan options and a lazily built S3 reader (one per worker). */
export function workerContext(init: WorkerInit): { options: ScanOptions; s3: () => S3Reader } {
  const registry = buildRegistry({ decoys: init.decoys }, 'decoys');
  let reader: S3Reader | undefined;
  return {
    options: { filter: { registry, detector: init.detector }, all: init.all },
    s3: () => {
      reader ??= makeS3Reader({ forcePathStyle: init.forcePathStyle });
      return reader;
    },
  };
}

/**
 * A full collection every 64 files keeps a worker's heap at what one file needs: left alone, V8
 * lets a long-lived worker's heap grow towards its limit, and peak memory would grow with the archive.
 */
function collector(every: number): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  let count = 0;
  return () => {
    if (gc && ++count % every === 0) gc();
  };
}

const port = parentPort;
if (port && workerData?.honeytrailAnalyze) {
  const { options, s3 } = workerContext(workerData.init as WorkerInit);
  const collect = collector(64);
  port.on('message', (job: WorkerJob) => {
    readInput(job.ref, options, s3)
      .catch((cause: unknown): InputOutcome => {
        const why = cause instanceof Error ? cause.message : String(cause);
        return { status: 'failed', reason: `internal error while reading: ${why}` };
      })
      .then((outcome) => {
        port.postMessage({ id: job.id, outcome } satisfies WorkerReply);
        collect();
      });
  });
}
