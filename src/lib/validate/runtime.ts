/**
 * Runs compiled schemas (compile.ts) in Lambda bundles: a compact description of each schema, and one
 * small interpreter that validates against it as zod 4 does (same data, same issues, same order).
 * Free of zod: this is all of validation a Lambda bundle carries, so its cold start builds no schema
 * objects, and one interpreter is all the code there is to compile.
 */
import type { Issue } from '../zod-issues.ts';

export type { Issue };

export type Checked<T> = { success: true; data: T } | { success: false; error: { issues: Issue[] } };

/** zod/mini's message when neither the check nor the schema sets one (it ships no locale). */
const NO_MESSAGE = 'Invalid input';

/** A message: the text, or [fallback text (0: none), ...names of hooks asked first, in order]. */
export type Message = string | 0 | readonly [string | 0, ...string[]];

export type Check =
  | readonly ['min' | 'max', number, Message]
  | readonly ['re', RegExp, string, Message]
  | readonly ['gte' | 'gt' | 'lte' | 'lt', number, Message]
  | readonly ['int', Message];

/** How a key's absence is treated (zod's optin / optout): 0 none, 1 optional, 2 defaulted. */
export type Presence = 0 | 1 | 2;

export type Field = readonly [key: string, spec: Spec, optin: Presence, optout: Presence];

export type Spec =
  | readonly ['s', Message, readonly Check[]]
  | readonly ['n', 0 | 1, Message, readonly Check[]]
  | readonly ['b', Message]
  | readonly ['u']
  | readonly ['x', Message]
  | readonly ['e', readonly unknown[], Message]
  | readonly ['?', Spec, Presence]
  | readonly ['null', Spec]
  | readonly ['d', Spec, unknown]
  | readonly ['p', Spec, Spec]
  | readonly ['t', string]
  | readonly ['a', Spec, Message]
  | readonly ['r', Spec, Message]
  | readonly ['o', Message, readonly Field[], 'never' | Field | 0];

export type Hooks = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A plain object, as zod tells one: its constructor, if any, is an ordinary one. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  const ctor = (value as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const proto: unknown = ctor.prototype;
  if (!isObject(proto)) return false;
  return Object.hasOwn(proto, 'isPrototypeOf');
}

/** Length in code points (a surrogate pair counts once), as zod's length checks count. */
function codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

function done<T>(value: T, issues: Issue[]): Checked<T> {
  return issues.length ? { success: false, error: { issues } } : { success: true, data: value };
}

/** Puts `key` in front of the path of every issue from index `from` on. */
function prefix(issues: Issue[], from: number, key: PropertyKey): void {
  for (let i = from; i < issues.length; i++) {
    const issue = issues[i];
    if (issue) issue.path = [key, ...issue.path];
  }
}

/**
 * One object property's result, as zod settles it: an absent optional key contributes nothing (and
 * its issues are dropped), a missing required one is reported once, issues get the key in their path.
 */
function settle(
  out: Record<string, unknown>,
  input: object,
  key: string,
  value: unknown,
  from: number,
  issues: Issue[],
  optin: Presence,
  optout: Presence,
): void {
  const present = key in input;
  const optionalOut = optout === 1;
  if (!present && optionalOut && optin === 1) {
    issues.length = from;
    return;
  }
  if (issues.length > from) {
    if (optin !== 0 && optionalOut && !present) {
      issues.length = from;
      return;
    }
    prefix(issues, from, key);
  }
  if (!present && optin === 0) {
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
    if (present || (optin === 2 && !optionalOut)) out[key] = undefined;
  } else out[key] = value;
}

/** Adds an issue: the fields zod reports, the input, an empty path (callers prefix it), its message. */
function report(
  issues: Issue[],
  fields: Omit<Issue, 'path' | 'message' | 'input'>,
  input: unknown,
  message: Message,
  hooks: Hooks,
): void {
  const issue: Issue = { ...fields, input, path: [], message: NO_MESSAGE };
  if (typeof message === 'string') issue.message = message;
  else if (message !== 0) {
    const [fallback, ...names] = message;
    if (fallback) issue.message = fallback;
    for (const name of names) {
      const hook = hooks[name];
      const text = typeof hook === 'function' ? (hook as (issue: Issue) => unknown)(issue) : undefined;
      if (typeof text === 'string') {
        issue.message = text;
        break;
      }
    }
  }
  issues.push(issue);
}

const lengthOrigin = (v: unknown) =>
  Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : 'unknown';

/**
 * A scalar's checks, as zod runs them after the type check: the length checks run unless an issue
 * aborted explicitly, even on a mistyped value that has a length; the others only while nothing has
 * aborted.
 */
function runChecks(checks: readonly Check[], v: unknown, typed: boolean, I: Issue[], H: Hooks): void {
  let aborted = !typed;
  let explicit = false;
  for (const check of checks) {
    switch (check[0]) {
      case 'min':
      case 'max': {
        if (explicit || v == null || (v as { length?: unknown }).length === undefined) break;
        const len = typeof v === 'string' ? codePoints(v) : Number((v as { length: unknown }).length);
        const small = check[0] === 'min';
        if (small ? len < check[1] : len > check[1]) {
          const bound = small
            ? { code: 'too_small', minimum: check[1] }
            : { code: 'too_big', maximum: check[1] };
          report(I, { origin: lengthOrigin(v), ...bound, inclusive: true }, v, check[2], H);
        }
        break;
      }
      case 're':
        if (aborted) break;
        check[1].lastIndex = 0;
        if (!check[1].test(v as string))
          report(
            I,
            { origin: 'string', code: 'invalid_format', format: check[2], pattern: String(check[1]) },
            v,
            check[3],
            H,
          );
        break;
      case 'gte':
      case 'gt':
      case 'lte':
      case 'lt': {
        if (aborted) break;
        const n = v as number;
        const [kind, bound, message] = check;
        const ok =
          kind === 'gte' ? n >= bound : kind === 'gt' ? n > bound : kind === 'lte' ? n <= bound : n < bound;
        if (ok) break;
        const inclusive = kind === 'gte' || kind === 'lte';
        const fields =
          kind === 'gte' || kind === 'gt'
            ? { origin: 'number', code: 'too_small', minimum: bound, inclusive }
            : { origin: 'number', code: 'too_big', maximum: bound, inclusive };
        report(I, fields, v, message, H);
        break;
      }
      case 'int': {
        if (aborted) break;
        const n = v as number;
        const note = 'Integers must be within the safe integer range.';
        if (!Number.isInteger(n)) {
          report(I, { expected: 'int', format: 'safeint', code: 'invalid_type' }, v, check[1], H);
          aborted = true;
          explicit = true;
        } else if (n > Number.MAX_SAFE_INTEGER)
          report(
            I,
            { code: 'too_big', maximum: Number.MAX_SAFE_INTEGER, note, origin: 'int', inclusive: true },
            v,
            check[1],
            H,
          );
        else if (n < Number.MIN_SAFE_INTEGER)
          report(
            I,
            { code: 'too_small', minimum: Number.MIN_SAFE_INTEGER, note, origin: 'int', inclusive: true },
            v,
            check[1],
            H,
          );
        break;
      }
    }
  }
}

/** An array element or record entry: its issues get its index or key in their path. */
function child(spec: Spec, v: unknown, key: PropertyKey, I: Issue[], H: Hooks): unknown {
  const from = I.length;
  const out = run(spec, v, I, H);
  prefix(I, from, key);
  return out;
}

function run(spec: Spec, v: unknown, I: Issue[], H: Hooks): unknown {
  switch (spec[0]) {
    case 's': {
      const typed = typeof v === 'string';
      if (!typed) report(I, { expected: 'string', code: 'invalid_type' }, v, spec[1], H);
      runChecks(spec[2], v, typed, I, H);
      return v;
    }
    case 'n': {
      let value = v;
      if (spec[1])
        try {
          value = Number(value);
        } catch {}
      const typed = typeof value === 'number' && !Number.isNaN(value) && Number.isFinite(value);
      if (!typed) {
        const received =
          typeof value === 'number' ? (Number.isNaN(value) ? 'NaN' : String(value)) : undefined;
        report(
          I,
          { expected: 'number', code: 'invalid_type', ...(received ? { received } : {}) },
          value,
          spec[2],
          H,
        );
      }
      runChecks(spec[3], value, typed, I, H);
      return value;
    }
    case 'b':
      if (typeof v !== 'boolean') report(I, { expected: 'boolean', code: 'invalid_type' }, v, spec[1], H);
      return v;
    case 'u':
      return v;
    case 'x':
      report(I, { expected: 'never', code: 'invalid_type' }, v, spec[1], H);
      return v;
    case 'e':
      if (!spec[1].includes(v)) report(I, { code: 'invalid_value', values: spec[1] }, v, spec[2], H);
      return v;
    case '?': {
      if (v !== undefined) return run(spec[1], v, I, H);
      if (spec[2] !== 2) return v;
      // An optional default: its issues, if any, are dropped and the value is then undefined.
      const from = I.length;
      const value = run(spec[1], v, I, H);
      if (I.length === from) return value;
      I.length = from;
      return undefined;
    }
    case 'null':
      return v === null ? v : run(spec[1], v, I, H);
    case 'd':
      if (v !== undefined) return run(spec[1], v, I, H);
      return typeof spec[2] === 'object' && spec[2] !== null ? structuredClone(spec[2]) : spec[2];
    case 'p': {
      const from = I.length;
      const first = run(spec[1], v, I, H);
      for (let j = from; j < I.length; j++) if (I[j]?.code !== 'unrecognized_keys') return first;
      return run(spec[2], first, I, H);
    }
    case 't': {
      const hook = H[spec[1]];
      return typeof hook === 'function' ? (hook as (value: unknown) => unknown)(v) : v;
    }
    case 'a': {
      if (!Array.isArray(v)) {
        report(I, { expected: 'array', code: 'invalid_type' }, v, spec[2], H);
        return v;
      }
      const out = new Array<unknown>(v.length);
      for (let k = 0; k < v.length; k++) out[k] = child(spec[1], v[k], k, I, H);
      return out;
    }
    case 'r': {
      if (!isPlainObject(v)) {
        report(I, { expected: 'record', code: 'invalid_type' }, v, spec[2], H);
        return v;
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) if (key !== '__proto__') out[key] = child(spec[1], v[key], key, I, H);
      return out;
    }
    case 'o': {
      if (!isObject(v)) {
        report(I, { expected: 'object', code: 'invalid_type' }, v, spec[1], H);
        return v;
      }
      const out: Record<string, unknown> = {};
      const fields = spec[2];
      for (const [key, field, optin, optout] of fields) {
        if (key === '__proto__') continue;
        const from = I.length;
        settle(out, v, key, run(field, v[key], I, H), from, I, optin, optout);
      }
      const rest = spec[3];
      if (rest === 0) return out;
      const known = (key: string) => fields.some((field) => field[0] === key);
      if (rest === 'never') {
        const unknown: string[] = [];
        for (const key in v) if (!known(key)) unknown.push(key);
        if (unknown.length) report(I, { code: 'unrecognized_keys', keys: unknown }, v, 0, H);
        return out;
      }
      for (const key in v) {
        if (known(key) || key === '__proto__') continue;
        const from = I.length;
        settle(out, v, key, run(rest[1], v[key], I, H), from, I, rest[2], rest[3]);
      }
      return out;
    }
  }
}

/** A compiled schema, validated by the interpreter with the hooks it names. */
export function validator<T = unknown>(spec: Spec, hooks: Hooks) {
  return {
    safeParse(input: unknown): Checked<T> {
      const issues: Issue[] = [];
      const data = run(spec, input, issues, hooks);
      return done(data as T, issues);
    },
  };
}
