/**
 * What the compiled validators (compile.ts) call at run time. Free of zod: it is all of validation a
 * Lambda bundle carries, so the cold start builds no schema objects.
 */
import type { Issue } from '../zod-issues.ts';

export type { Issue };

export type Checked<T> = { success: true; data: T } | { success: false; error: { issues: Issue[] } };

/** zod/mini's message when neither the check nor the schema sets one (it ships no locale). */
export const NO_MESSAGE = 'Invalid input';

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A plain object, as zod tells one: its constructor, if any, is an ordinary one. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const ctor = (value as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const proto: unknown = ctor.prototype;
  if (!isObject(proto)) return false;
  return Object.hasOwn(proto, 'isPrototypeOf');
}

/** Length in code points (a surrogate pair counts once), as zod's length checks count. */
export function codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

/** Whether `key` is an own or inherited property, as zod's `key in input`. */
export const has = (input: object, key: string): boolean => key in input;

export function done<T>(value: T, issues: Issue[]): Checked<T> {
  return issues.length ? { success: false, error: { issues } } : { success: true, data: value };
}

/**
 * One object property's result, as zod settles it: an absent optional key contributes nothing (and
 * its issues are dropped), a missing required one is reported once, issues get the key in their path.
 */
export function settle(
  out: Record<string, unknown>,
  input: object,
  key: string,
  value: unknown,
  from: number,
  issues: Issue[],
  optin: string | undefined,
  optout: string | undefined,
): void {
  const present = key in input;
  const optionalOut = optout === 'optional';
  if (!present && optionalOut && optin === 'optional') {
    issues.length = from;
    return;
  }
  if (issues.length > from) {
    if (optin !== undefined && optionalOut && !present) {
      issues.length = from;
      return;
    }
    prefix(issues, from, key);
  }
  if (!present && optin === undefined) {
    if (issues.length === from)
      issues.push({
        code: 'invalid_type',
        expected: 'nonoptional',
        input: undefined,
        path: [key],
        message: NO_MESSAGE,
      });
    return;
  }
  if (value === undefined) {
    if (present || (optin === 'defaulted' && !optionalOut)) out[key] = undefined;
  } else out[key] = value;
}

/**
 * Adds an issue with the fields zod reports, the input and an empty path (callers prefix their keys),
 * and its message: the first hook that returns one, else `fallback`.
 */
export function report(
  issues: Issue[],
  fields: Omit<Issue, 'path' | 'message' | 'input'>,
  input: unknown,
  fallback: string,
  ...hooks: ((issue: Issue) => unknown)[]
): void {
  const issue: Issue = { ...fields, input, path: [], message: fallback };
  for (const hook of hooks) {
    const message = hook(issue);
    if (typeof message === 'string') {
      issue.message = message;
      break;
    }
  }
  issues.push(issue);
}

/** Puts `key` in front of the path of every issue from index `from` on. */
export function prefix(issues: Issue[], from: number, key: PropertyKey): void {
  for (let i = from; i < issues.length; i++) {
    const issue = issues[i];
    if (issue) issue.path = [key, ...issue.path];
  }
}
