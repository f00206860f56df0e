import type { Detection } from '../detect/detection.ts';

/** Partition keys of the single-table layout. Kept in one place so queries and writes agree. */
export const keys = {
  detection: (id: string) => `DET#${id}`,
  /** GSI1: every detection of one decoy in time order (non-decoy detections group by kind). */
  subject: (detection: Detection) =>
    detection.decoy
      ? keys.decoy(detection.decoy.accountId, detection.decoy.userName)
      : `KIND#${detection.kind}`,
  decoy: (accountId: string, userName: string) => `DECOY#${accountId}/${userName}`,
  /** Sort key of the timeline: event time, then event ID for a stable order. */
  timeline: (detection: Detection) => `${detection.event.time}#${detection.event.id}`,
};
