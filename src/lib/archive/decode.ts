import { gunzipSync } from 'node:zlib';

/** Bytes that could not be turned into text at all (a truncated or corrupt gzip stream). */
export class DecodeError extends Error {
  override name = 'DecodeError';
}

export const isGzip = (bytes: Uint8Array): boolean => bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Gunzips when the bytes are gzip (by magic number, whatever the name), drops a UTF-8 BOM. */
export function decodeText(bytes: Buffer): string {
  let raw = bytes;
  if (isGzip(bytes)) {
    try {
      raw = gunzipSync(bytes);
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new DecodeError(`corrupt or truncated gzip: ${why}`, { cause });
    }
  }
  const text = raw.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Splits a stream of concatenated JSON objects or arrays (`{...}{...}`, one per line, or just
 * one) into their texts, chunk by chunk, holding only the value being read.
 */
export class JsonValueSplitter {
  private buffer = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private start = -1;
  private scanned = 0;

  /** Feeds a chunk; returns the complete values it ended. Throws on text between values. */
  push(chunk: string): string[] {
    this.buffer += chunk;
    const out: string[] = [];
    const text = this.buffer;
    let i = this.scanned;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
        continue;
      }
      if (c === 0x22) {
        if (this.depth === 0) throw new SyntaxError('expected a JSON object or array, found a string');
        this.inString = true;
      } else if (c === 0x7b || c === 0x5b) {
        if (this.depth === 0) this.start = i;
        this.depth += 1;
      } else if (c === 0x7d || c === 0x5d) {
        this.depth -= 1;
        if (this.depth < 0) throw new SyntaxError(`unexpected '${String.fromCharCode(c)}' between values`);
        if (this.depth === 0) out.push(text.slice(this.start, i + 1));
      } else if (this.depth === 0 && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xfeff) {
        throw new SyntaxError(`unexpected '${String.fromCharCode(c)}' between JSON values`);
      }
    }
    // Keep only the value in progress.
    const keepFrom = this.depth > 0 ? this.start : text.length;
    this.buffer = text.slice(keepFrom);
    this.scanned = i - keepFrom;
    if (this.depth > 0) this.start = 0;
    return out;
  }

  /** Throws when the stream ended inside a value. */
  end(): void {
    if (this.depth > 0 || this.inString) throw new SyntaxError('input ended inside a JSON value');
  }
}
