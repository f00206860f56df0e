import type middy from '@middy/core';
import * as z from 'zod/mini';
import { EventValidationError } from '../errors.ts';
import { describeIssues } from '../zod-issues.ts';

/** Validates an event with a schema at the edge; a bad one fails the invocation, naming the field path. */
export function parseEvent<T extends z.ZodMiniType>(
  schema: T,
  what: string,
): middy.MiddlewareObj<z.infer<T>> {
  return {
    before: (request) => {
      const result = z.safeParse(schema, request.event);
      if (!result.success)
        throw new EventValidationError(`invalid ${what}: ${describeIssues(result.error, '', 5)}`);
      request.event = result.data;
    },
  };
}
