import type { Checked } from './runtime.ts';

/** In a Lambda bundle the schemas are compiled validators (compile.ts): validate with one directly. */
export function safeParse<T>(schema: { safeParse(input: unknown): Checked<T> }, input: unknown): Checked<T> {
  return schema.safeParse(input);
}
