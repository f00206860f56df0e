import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { isGzip, JsonValueSplitter } from './decode.ts';
import { type InputOutcome, Scanner, type ScanOptions } from './scan.ts';

/**
 * Reads `-`: plain or gzip (by magic number), one JSON value or many concatenated (`zcat *.gz |`),
 * each value scanned as it completes: value k is `-:k`, its records `-:k#i`. `onValue` gets each
 * value's outcome in order; the result says whether the stream itself ended cleanly.
 */
export async function readStdin(
  stream: NodeJS.ReadableStream,
  options: ScanOptions,
  onValue: (outcome: InputOutcome) => void,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const splitter = new JsonValueSplitter();
  const decoder = new StringDecoder('utf8');
  let index = 0;
  const feed = (text: string): void => {
    for (const json of splitter.push(text)) {
      const scanner = new Scanner(options);
      const source = `-:${index++}`;
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch (cause) {
        scanner.tally.records += 1;
        scanner.items.push({ kind: 'invalid', source, error: `not valid JSON: ${(cause as Error).message}` });
        scanner.tally.invalid += 1;
        onValue(scanner.outcome());
        continue;
      }
      onValue(
        scanner.value(source, value) === 'digest'
          ? { status: 'skipped', reason: 'CloudTrail digest file' }
          : scanner.outcome(),
      );
    }
  };
  try {
    let source: AsyncIterable<Buffer | string> = stream as AsyncIterable<Buffer>;
    const iterator = source[Symbol.asyncIterator]();
    const first = await iterator.next();
    if (first.done) return { ok: true };
    const head = Buffer.isBuffer(first.value) ? first.value : Buffer.from(first.value);
    async function* rest(): AsyncIterable<Buffer> {
      yield head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next())
        yield Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    }
    if (isGzip(head)) {
      const gunzip = createGunzip();
      (async () => {
        try {
          for await (const chunk of rest())
            if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once('drain', r));
          gunzip.end();
        } catch (error) {
          gunzip.destroy(error as Error);
        }
      })();
      source = gunzip;
    } else source = rest();
    for await (const chunk of source) feed(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    feed(decoder.end());
    splitter.end();
    return { ok: true };
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    return { ok: false, reason: /unexpected end of file/i.test(why) ? `truncated gzip: ${why}` : why };
  }
}
