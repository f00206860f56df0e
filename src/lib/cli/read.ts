import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InputError } from './errors.ts';

/** One input event: its parsed JSON value, or why the file could not be turned into JSON. */
export type InputEntry = { source: string; value: unknown } | { source: string; error: string };

const INPUT_FILE = /\.json(\.gz)?$/i;

function reason(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

function statOrThrow(path: string) {
  try {
    return statSync(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : reason(cause);
    throw new InputError(`cannot read ${path}: ${why}`, { cause });
  }
}

function walk(dir: string, out: string[], seen: Set<string>): void {
  // Symlinked folders are followed, but each real folder only once, so a link loop cannot recurse forever.
  const real = realpathSync(dir);
  if (seen.has(real)) return;
  seen.add(real);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (cause) {
    throw new InputError(`cannot read directory ${dir}: ${reason(cause)}`, { cause });
  }
  for (const name of names) {
    const path = join(dir, name);
    const stat = statOrThrow(path);
    if (stat.isDirectory()) walk(path, out, seen);
    else if (stat.isFile() && INPUT_FILE.test(name)) out.push(path);
  }
}

const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The files a PATH argument stands for. A named file is taken whatever its extension; a folder is
 * walked recursively for .json and .json.gz files, sorted so output is stable across machines.
 */
export function listInputFiles(path: string): string[] {
  const stat = statOrThrow(path);
  if (stat.isFile()) return [path];
  if (!stat.isDirectory()) throw new InputError(`cannot read ${path}: not a file or directory`);
  const files: string[] = [];
  walk(path, files, new Set());
  return files.sort(byPath);
}

function decode(bytes: Buffer, file: string): string {
  const gzipped = file.toLowerCase().endsWith('.gz') || (bytes[0] === 0x1f && bytes[1] === 0x8b);
  const raw = gzipped ? gunzipSync(bytes) : bytes;
  return raw.toString('utf8').replace(/^\uFEFF/, '');
}

function isLogFile(value: unknown): value is { Records: unknown[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    'Records' in value &&
    Array.isArray(value.Records)
  );
}

/**
 * Reads one file into input entries: one per record for a CloudTrail log file (`path#index`),
 * else one for the whole file. A file that is read but is not JSON (or not valid gzip) becomes an
 * error entry; a file that cannot be read at all throws InputError.
 */
export function readInputFile(file: string): InputEntry[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new InputError(`cannot read ${file}: ${reason(cause)}`, { cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(decode(bytes, file));
  } catch (cause) {
    return [{ source: file, error: `not valid JSON: ${reason(cause)}` }];
  }
  if (isLogFile(value))
    return value.Records.map((record, index) => ({ source: `${file}#${index}`, value: record }));
  return [{ source: file, value }];
}

/** Every input entry under one PATH argument, in stable order. */
export function readInputs(path: string): InputEntry[] {
  return listInputFiles(path).flatMap(readInputFile);
}
