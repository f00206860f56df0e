import * as z from 'zod/mini';
import type { Checked, Issue } from './runtime.ts';

/**
 * Validates with a zod schema, reporting each issue's input (so messages can say "expected string, got
 * number" rather than "missing"). Lambda bundles swap this module for safe-parse.lambda.ts and the
 * schema modules (`*.schema.ts`) for their compiled validators (deploy/esbuild-plugins.cjs).
 */
export function safeParse<T extends z.ZodMiniType>(schema: T, input: unknown): Checked<z.output<T>> {
  const result = z.safeParse(schema, input, { reportInput: true });
  if (result.success) return { success: true, data: result.data };
  return { success: false, error: { issues: result.error.issues as Issue[] } };
}
