import { readFileSync } from 'node:fs';
import { parseIp } from './ip.ts';

/** A set of Tor exit addresses, normalised so `::ffff:`/zero-compressed forms compare equal. */
export interface TorExitList {
  size: number;
  has(ip: string): boolean;
}

function key(text: string): string | undefined {
  const ip = parseIp(text.trim());
  if (!ip) return undefined;
  return ip.v === 4 ? `4:${ip.n}` : `6:${ip.groups.join(':')}`;
}

/**
 * Accepts a plain list (one address per line, `#` comments) or the Tor Project's
 * `exit-addresses` format (`ExitAddress 1.2.3.4 2025-01-01 00:00:00`).
 */
export function parseTorExitList(text: string): TorExitList {
  const set = new Set<string>();
  for (const line of text.split('\n')) {
    const trimmed = line.replace(/#.*/, '').trim();
    if (!trimmed) continue;
    const words = trimmed.split(/\s+/);
    const candidate = words[0] === 'ExitAddress' ? words[1] : words.length === 1 ? words[0] : undefined;
    const k = candidate ? key(candidate) : undefined;
    if (k) set.add(k);
  }
  return {
    size: set.size,
    has: (ip) => {
      const k = key(ip);
      return k !== undefined && set.has(k);
    },
  };
}

export function loadTorExitList(path: string): TorExitList {
  return parseTorExitList(readFileSync(path, 'utf8'));
}
