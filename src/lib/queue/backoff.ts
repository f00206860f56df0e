/** Timing of the automatic redrive, in seconds. docs/deploy.md explains the numbers. */
export const DAY_SECONDS = 86_400;
/** First wait after a failed redrive of one message; it doubles with each further failure. */
export const FIRST_RETRY_SECONDS = 300;
/** Longest a failing message hides between attempts, so a recovered dependency is found within the hour. */
export const MAX_RETRY_SECONDS = 3_600;
/**
 * A message is reported as overdue by the first round that sees it in this window after each full day
 * of waiting; it then hides for at least this long, so each day mark is reported once. Longer than
 * the schedule interval (5 minutes) plus a round.
 */
export const OVERDUE_WINDOW_SECONDS = 900;

/** Seconds from `ageSeconds` to the next whole day of waiting. */
export function untilNextDayMark(ageSeconds: number): number {
  return DAY_SECONDS - (ageSeconds % DAY_SECONDS);
}

/**
 * How long a message hides after its `failures`-th failed redrive: exponential, capped, and never past
 * its next day mark, so the round after that mark sees it and can report it.
 */
export function retryDelaySeconds(failures: number, ageSeconds: number): number {
  const exponential = FIRST_RETRY_SECONDS * 2 ** Math.max(0, Math.min(failures - 1, 20));
  return Math.max(1, Math.min(exponential, MAX_RETRY_SECONDS, Math.ceil(untilNextDayMark(ageSeconds))));
}

/** True when a message has just completed one or more full days of waiting. */
export function isOverdue(ageSeconds: number): boolean {
  return ageSeconds >= DAY_SECONDS && ageSeconds % DAY_SECONDS < OVERDUE_WINDOW_SECONDS;
}
