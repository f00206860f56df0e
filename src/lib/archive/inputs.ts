import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseS3Url, type S3Reader, s3ErrorText } from '../aws/s3.ts';
import { type InputOutcome, Scanner, type ScanOptions } from './scan.ts';

/** One unit of work: a file, an S3 object. Stdin is read by the main thread on its own. */
export type InputRef = { kind: 'file'; path: string } | { kind: 's3'; bucket: string; key: string };

export const inputName = (ref: InputRef): string =>
  ref.kind === 'file' ? ref.path : `s3://${ref.bucket}/${ref.key}`;

/** An input that was not read, and why: one line each in the output, counted in the summary. */
export interface Passed {
  name: string;
  reason: string;
}

export interface Listing {
  inputs: InputRef[];
  skipped: Passed[];
  failed: Passed[];
}

const EVENT_FILE = /\.json(\.gz)?$/i;
/** CloudTrail writes integrity digests under CloudTrail-Digest/: not event records. */
const DIGEST_PATH = /(^|\/)CloudTrail-Digest\/|_CloudTrail-Digest_/;

const reason = (cause: unknown): string => {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return cause instanceof Error ? cause.message : String(cause);
};

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function walk(dir: string, listing: Listing, seen: Set<string>): Promise<void> {
  // Symlinked folders are followed, each real folder once, so a link loop cannot recurse forever.
  let names: string[];
  try {
    const real = await realpath(dir);
    if (seen.has(real)) return;
    seen.add(real);
    names = (await readdir(dir)).sort(byName);
  } catch (cause) {
    listing.failed.push({ name: dir, reason: `cannot read directory: ${reason(cause)}` });
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (cause) {
      listing.failed.push({ name: path, reason: `cannot read: ${reason(cause)}` });
      continue;
    }
    if (info.isDirectory()) await walk(path, listing, seen);
    else if (!info.isFile()) continue;
    else if (DIGEST_PATH.test(path)) listing.skipped.push({ name: path, reason: 'CloudTrail digest file' });
    else if (EVENT_FILE.test(name)) listing.inputs.push({ kind: 'file', path });
    else listing.skipped.push({ name: path, reason: 'not a .json or .json.gz file' });
  }
}

async function listLocal(path: string, listing: Listing): Promise<void> {
  try {
    const info = await stat(path);
    // A file named on the command line is read whatever its name.
    if (info.isFile()) listing.inputs.push({ kind: 'file', path });
    else if (info.isDirectory()) await walk(path, listing, new Set());
    else listing.failed.push({ name: path, reason: 'not a file or directory' });
  } catch (cause) {
    listing.failed.push({ name: path, reason: `cannot read: ${reason(cause)}` });
  }
}

async function listS3(url: string, s3: S3Reader, listing: Listing): Promise<void> {
  const target = parseS3Url(url);
  if (!target) {
    listing.failed.push({ name: url, reason: 'not an s3://bucket/prefix URL' });
    return;
  }
  try {
    const found: string[] = [];
    for await (const object of s3.list(target.bucket, target.prefix)) {
      if (object.key.endsWith('/')) continue;
      const name = `s3://${target.bucket}/${object.key}`;
      if (DIGEST_PATH.test(object.key)) listing.skipped.push({ name, reason: 'CloudTrail digest file' });
      else if (EVENT_FILE.test(object.key)) found.push(object.key);
      else listing.skipped.push({ name, reason: 'not a .json or .json.gz object' });
    }
    for (const key of found.sort(byName)) listing.inputs.push({ kind: 's3', bucket: target.bucket, key });
  } catch (cause) {
    listing.failed.push({ name: url, reason: `cannot list: ${s3ErrorText(cause)}` });
  }
}

/**
 * Every input the PATH arguments stand for, in stable order: folders walked and sorted, S3
 * prefixes listed and sorted. Nothing here throws for a bad path: it is listed as failed.
 */
export async function listInputs(args: readonly string[], s3?: () => S3Reader): Promise<Listing> {
  const listing: Listing = { inputs: [], skipped: [], failed: [] };
  for (const arg of args) {
    if (arg.startsWith('s3://')) {
      if (s3) await listS3(arg, s3(), listing);
      else listing.failed.push({ name: arg, reason: 'S3 input is not available here' });
    } else await listLocal(arg, listing);
  }
  return listing;
}

/** Reads and scans one input. Never throws for a bad input: the outcome says what happened. */
export async function readInput(
  ref: InputRef,
  options: ScanOptions,
  s3?: () => S3Reader,
): Promise<InputOutcome> {
  let bytes: Buffer;
  try {
    if (ref.kind === 'file') bytes = await readFile(ref.path);
    else if (s3) bytes = await s3().get(ref.bucket, ref.key);
    else return { status: 'failed', reason: 'S3 input is not available here' };
  } catch (cause) {
    const why = ref.kind === 'file' ? reason(cause) : s3ErrorText(cause);
    return { status: 'failed', reason: `cannot read: ${why}` };
  }
  return new Scanner(options).bytes(inputName(ref), bytes);
}
