/**
 * The delivery numbers of the home stack in one place: the templates use them, the contract tests
 * assert them, and the fault suite (npm run test:faults) replays Lambda's retries with them.
 * docs/deploy.md ("When a dependency fails") explains each.
 */

/** provider.timeout in serverless.yml for the detector functions. */
export const FUNCTION_TIMEOUT_SECONDS = 30;

/**
 * Lambda's asynchronous invocation (EventBridge invokes asynchronously): two retries, then the
 * failed-invocations queue. An event that waited an hour inside Lambda (throttling) goes there too,
 * where the alarm sees it and the redrive takes over.
 */
export const ASYNC_INVOKE = { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3_600 } as const;

/** When Lambda retries a failed asynchronous invocation: about 1 minute, then about 2 minutes later. */
export const ASYNC_RETRY_DELAYS_SECONDS = [60, 120] as const;

/**
 * EventBridge rule targets: how long EventBridge keeps trying to hand an event to Lambda (throttling,
 * a missing permission). It never covers function errors. After an hour the event is a dead letter,
 * visible to the alarm and picked up by the redrive.
 */
export const RULE_RETRY_POLICY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 3_600 } as const;

/**
 * Forwarder rules put events on the home bus. No redrive reads their dead-letter queues, so they keep
 * EventBridge's full day of retries before giving up.
 */
export const FORWARDER_RETRY_POLICY = {
  MaximumRetryAttempts: 185,
  MaximumEventAgeInSeconds: 86_400,
} as const;

/** The redrive runs on this schedule; its own failures wait for the next run, never for a retry. */
export const REDRIVE_SCHEDULE = 'rate(5 minutes)';
export const REDRIVE_TIMEOUT_SECONDS = 240;
export const REDRIVE_INVOKE = { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 300 } as const;

/** An event older than this in any dead-letter queue raises its own alarm. */
export const DEAD_LETTER_MAX_AGE_SECONDS = 86_400;
