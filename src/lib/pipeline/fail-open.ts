import type { Detection } from '../detect/detection.ts';

/**
 * What this container mailed while the store was unreachable. A retry that lands here writes the
 * record without mailing again; a retry in another container cannot know, and mails once more
 * (flagged as a possible repeat of the same detection ID).
 */
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
    /** Decoy calls: one mail per incident scope per 10 minutes; every other kind: always. */
    shouldMail(scope: string, detection: Detection): boolean {
      if (!detection.suppressible) return true;
      const last = lastByScope.get(scope);
      return last === undefined || now() - last >= perScopeMs;
    },
    markSent(detectionId: string, scope: string): void {
      if (sent.size >= max) sent.delete(sent.keys().next().value as string);
      sent.set(detectionId, now());
      lastByScope.set(scope, now());
    },
  };
}

export type FailOpenMemory = ReturnType<typeof makeFailOpenMemory>;
