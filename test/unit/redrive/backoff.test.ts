import { describe, expect, it } from '@jest/globals';
import {
  DAY_SECONDS,
  FIRST_RETRY_SECONDS,
  isOverdue,
  MAX_RETRY_SECONDS,
  OVERDUE_WINDOW_SECONDS,
  retryDelaySeconds,
} from '../../../src/lib/queue/backoff.ts';

describe('redrive backoff', () => {
  it('doubles the wait after each failure, from 5 minutes up to an hour', () => {
    expect([1, 2, 3, 4, 5, 6].map((failures) => retryDelaySeconds(failures, 0))).toEqual([
      FIRST_RETRY_SECONDS,
      600,
      1200,
      2400,
      MAX_RETRY_SECONDS,
      MAX_RETRY_SECONDS,
    ]);
  });

  it('never hides a message past its next whole day of waiting, so the round after that mark sees it', () => {
    expect(retryDelaySeconds(10, DAY_SECONDS - 120)).toBe(120);
    expect(retryDelaySeconds(10, 2 * DAY_SECONDS - 1)).toBe(1);
  });

  it('calls a message overdue only in the window after each whole day', () => {
    expect(isOverdue(DAY_SECONDS - 1)).toBe(false);
    expect(isOverdue(DAY_SECONDS)).toBe(true);
    expect(isOverdue(DAY_SECONDS + OVERDUE_WINDOW_SECONDS - 1)).toBe(true);
    expect(isOverdue(DAY_SECONDS + OVERDUE_WINDOW_SECONDS)).toBe(false);
    expect(isOverdue(2 * DAY_SECONDS + 10)).toBe(true);
  });
});
