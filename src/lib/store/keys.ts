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
  /** GSI2: every detection from one source. */
  source: (sourceIp: string) => `IP#${sourceIp}`,
  /** GSI3: day buckets for "most recent across all decoys". */
  day: (isoTime: string) => `DAY#${isoTime.slice(0, 10)}`,
  storm: (detection: Detection) =>
    `STORM#${detection.decoy ? `${detection.decoy.accountId}/${detection.decoy.userName}` : detection.kind}#${detection.actor.sourceIp}`,
  /** Sort key shared by the three indexes: event time, then event ID for a stable order. */
  timeline: (detection: Detection) => `${detection.event.time}#${detection.event.id}`,
};
