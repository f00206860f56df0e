import type { Detection } from '../detect/detection.ts';
import { alignColumns, cleanText } from '../text.ts';
import { type Decoy, userKey } from './registry.ts';

/** What `decoy list` knows about the newest detection of each decoy. */
export type LastDetections =
  | { available: true; byUser: Map<string, Detection | undefined> }
  | { available: false; reason: string };

/** The newest detection per decoy, or why it cannot be had. Never throws: the table prints regardless. */
export async function lastDetections(
  decoys: Decoy[],
  store: { lastDetection(accountId: string, userName: string): Promise<Detection | undefined> } | undefined,
  whyNot: string,
): Promise<LastDetections> {
  if (!store) return { available: false, reason: whyNot };
  try {
    const byUser = new Map<string, Detection | undefined>();
    for (const decoy of decoys)
      byUser.set(
        userKey(decoy.accountId, decoy.userName),
        await store.lastDetection(decoy.accountId, decoy.userName),
      );
    return { available: true, byUser };
  } catch (error) {
    return {
      available: false,
      reason: cleanText(`${(error as Error).name}: ${(error as Error).message}`, 300),
    };
  }
}

const describe = (detection: Detection | undefined): string =>
  detection ? `${detection.event.time} ${detection.kind}/${detection.category}` : 'never';

/** The registry as a plain-text table; the last-detection column only when the store answered. */
export function decoyTable(decoys: Decoy[], last: LastDetections): string {
  const header = ['USER', 'ACCOUNT', 'KEYS', ...(last.available ? ['LAST DETECTION'] : []), 'PLACEMENT'];
  const rows = decoys.map((decoy) => [
    decoy.userName,
    decoy.accountId,
    decoy.accessKeyIds.join(',') || '(by user name)',
    ...(last.available ? [describe(last.byUser.get(userKey(decoy.accountId, decoy.userName)))] : []),
    cleanText(decoy.placement, 80),
  ]);
  const lines = [decoys.length ? alignColumns([header, ...rows]).join('\n') : 'No decoys in the registry.'];
  if (!last.available) lines.push(`last detection: unavailable (${last.reason})`);
  return `${lines.join('\n')}\n`;
}
