import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as Error | undefined)?.name === 'ConditionalCheckFailedException'
  );
}

/** For writes whose condition only guards against doing it twice: a refused condition is done. */
export function ignoreConditionFailure(error: unknown): void {
  if (!isConditionFailure(error)) throw error;
}

/**
 * Another invocation holds the delivery lease on this detection (a concurrent duplicate delivery).
 * Failing lets Lambda retry later, when the lease has run out or the row is written.
 */
export class DetectionBusyError extends Error {
  override name = 'DetectionBusyError';
}

/** The store could not be reached or answered with an error that is not a condition failure. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}
