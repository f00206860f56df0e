import type * as z from 'zod';

/** Renders zod issues as `path.to.field: message` so errors name the field that failed. */
export function describeIssues(error: z.ZodError, prefix = '', limit = 5): string {
  return error.issues
    .slice(0, limit)
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
      return `${path || '(root)'}: ${issue.message}`;
    })
    .join('; ');
}
