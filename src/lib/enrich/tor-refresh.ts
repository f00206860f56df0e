import type { StoredTorList, TorStore } from '../store/tor.ts';
import { cleanText } from '../text.ts';
import { parseIp } from './ip.ts';
import { parseTorExitList, type TorExitList } from './tor.ts';

/** The Tor Project's bulk exit list: every current exit address, one per line, refreshed hourly. */
export const TOR_BULK_EXIT_LIST = 'https://check.torproject.org/torbulkexitlist';

export const TOR_REFRESH = {
  /** The audit fetches again when the stored list is older than this. */
  maxAgeMs: 7 * 86_400_000,
  /** Fewer addresses than this is not a real exit list (an error page, a truncated body). */
  minAddresses: 100,
  /** Detectors re-read the stored list this often. */
  reloadMs: 3_600_000,
} as const;

export type TorRefresh =
  | { status: 'fresh'; fetchedAt: string; count: number }
  | { status: 'refreshed'; fetchedAt: string; count: number }
  | { status: 'failed'; reason: string; fallback: string };

/** Addresses from a list body, validated one by one: anything not an IP is dropped, never stored. */
export function exitAddresses(text: string): string[] {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    const candidate = line.replace(/#.*/, '').trim();
    if (candidate && !/\s/.test(candidate) && parseIp(candidate)) out.add(candidate);
  }
  return [...out];
}

/**
 * The weekly refresh the audit runs: fetch the bulk exit list when the stored one is a week old and
 * store it. A failure keeps what is stored; with nothing stored, enrichment falls back to the shipped
 * anonymizer networks (src/lib/enrich/anonymizers.ts). Either way the audit reports it.
 */
export async function refreshTorList(deps: {
  store: Pick<TorStore, 'get' | 'put'>;
  fetchText: (url: string) => Promise<string>;
  now: () => number;
  url?: string;
}): Promise<TorRefresh> {
  const url = deps.url ?? TOR_BULK_EXIT_LIST;
  const stored = await deps.store.get();
  if (stored && deps.now() - Date.parse(stored.fetchedAt) < TOR_REFRESH.maxAgeMs)
    return { status: 'fresh', fetchedAt: stored.fetchedAt, count: stored.addresses.length };
  const fallback = stored
    ? `kept the list fetched ${stored.fetchedAt} (${stored.addresses.length} addresses)`
    : 'no exact list: Tor and VPN exits are recognised by their networks only';
  let addresses: string[];
  try {
    addresses = exitAddresses(await deps.fetchText(url));
  } catch (error) {
    return {
      status: 'failed',
      reason: cleanText(`fetch failed: ${(error as Error).message}`, 200),
      fallback,
    };
  }
  if (addresses.length < TOR_REFRESH.minAddresses)
    return { status: 'failed', reason: `only ${addresses.length} addresses in the response`, fallback };
  const list: StoredTorList = {
    fetchedAt: new Date(deps.now()).toISOString(),
    source: TOR_BULK_EXIT_LIST,
    addresses,
  };
  await deps.store.put(list);
  return { status: 'refreshed', fetchedAt: list.fetchedAt, count: addresses.length };
}

/**
 * The exit list the detectors consult: the stored one, re-read at most once an hour. `has` is
 * synchronous (enrichment is); `reload` runs before each record and costs a read once an hour.
 */
export function makeStoredTorList(store: Pick<TorStore, 'get'>, now: () => number = Date.now) {
  let list: TorExitList = parseTorExitList('');
  let loadedAt = Number.NEGATIVE_INFINITY;
  return {
    get size() {
      return list.size;
    },
    has: (ip: string) => list.has(ip),
    async reload(): Promise<void> {
      if (now() - loadedAt < TOR_REFRESH.reloadMs) return;
      loadedAt = now();
      try {
        const stored = await store.get();
        if (stored) list = parseTorExitList(stored.addresses.join('\n'));
      } catch {
        // A store outage must not stop detection: the last list (or the networks) still apply.
      }
    },
  };
}
