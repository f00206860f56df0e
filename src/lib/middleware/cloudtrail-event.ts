import type middy from '@middy/core';
import { type CloudTrailEnvelope, parseEnvelope } from '../cloudtrail/schema.ts';

/**
 * Validates the EventBridge delivery at the edge. A bad event throws EventValidationError naming the
 * field path; the invocation fails, so EventBridge retries and then dead-letters it: never dropped.
 */
export function cloudTrailEvent(): middy.MiddlewareObj<CloudTrailEnvelope> {
  return {
    before: (request) => {
      request.event = parseEnvelope(request.event);
    },
  };
}
