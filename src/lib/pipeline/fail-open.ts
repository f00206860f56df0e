import type { Detection } from '../detect/detection.ts';

/**
 * What this container mailed while the store was unreachable. A retry that lands here writes the
 * record without mailing again; a retry in another container cannot know, and mails once more
 * (flagged as a possible repeat of the same detection ID).
 */
const throttleKey = (scope: string, detection: Detection): string =>
  `${scope}#${detection.event.time.slice(0, 10)}`;

export function makeFailOpenMemory({ perScopeMs = 10 * 60_000, now = Date.now, max = 10_000 } = {}) {
  const sent = new Map<string, number>();
  const published = new Set<string>();
  const lastByScope = new Map<string, number>();
  return {
    wasSent: (detectionId: string): boolean => sent.has(detectionId),
    /** Published normally, but the record could not be written afterwards: the retry must not mail again. */
    wasPublished: (detectionId: string): boolean => published.has(detectionId),
    markPublished(detectionId: string): void {
      if (published.size >= max) published.delete(published.values().next().value as string);
      published.add(detectionId);
    },
    /**
     * Decoy calls: one mail per decoy and event day per 10 minutes (calls a day apart are different
     * incidents); every other kind: always.
     */
    shouldMail(scope: string, detection: Detection): boolean {
      if (!detection.suppressible) return true;
      const last = lastByScope.get(throttleKey(scope, detection));
      return last === undefined || now() - last >= perScopeMs;
    },
    markSent(detectionId: string, scope: string, detection: Detection): void {
      if (sent.size >= max) sent.delete(sent.keys().next().value as string);
      if (lastByScope.size >= max) lastByScope.delete(lastByScope.keys().next().value as string);
      sent.set(detectionId, now());
      lastByScope.set(throttleKey(scope, detection), now());
    },
  };
}

export type FailOpenMemory = ReturnType<typeof makeFailOpenMemory>;
