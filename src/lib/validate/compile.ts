/**
 * Compiles zod/mini schemas into plain validator functions, at bundle time (deploy/esbuild-plugins.cjs).
 *
 * The schemas stay the one source of the types and the rules; a Lambda bundle gets this compiler's
 * output instead of zod, so its cold start builds no schema objects (zod builds every instance at
 * import). The output mirrors zod 4's results for the subset the Lambda schemas use: the same data,
 * and the same issues (code, path, message and the fields `issueMessage` reads), in the same order.
 * test/unit/validate/compiled.test.ts holds the two to that on recorded events and mutations of them.
 * Anything outside the subset fails the build with the path of the schema that uses it.
 *
 * Transforms and error functions cannot be copied as text: they must be exported by `hooks.ts`, and the
 * output imports them from there.
 */

type Fn = (...args: never[]) => unknown;

interface Def {
  type: string;
  check?: string;
  checks?: Node[];
  error?: Fn;
  shape?: Record<string, Node>;
  catchall?: Node;
  innerType?: Node;
  element?: Node;
  keyType?: Node;
  valueType?: Node;
  in?: Node;
  out?: Node;
  entries?: Record<string, unknown>;
  defaultValue?: unknown;
  transform?: Fn;
  coerce?: boolean;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  abort?: boolean;
  when?: Fn;
}

interface Node {
  _zod: { def: Def; optin?: string; optout?: string; traits: Set<string> };
}

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && '_zod' in value && typeof value._zod === 'object';

export interface CompileOptions {
  /** The module of transforms and error functions the schemas use (its namespace object). */
  hooks: Record<string, unknown>;
  /** Import specifiers the output uses for the hooks and the runtime helpers. */
  hooksPath: string;
  runtimePath: string;
}

class Compiler {
  private readonly functions: string[] = [];
  private readonly constants: string[] = [];
  private readonly names = new Map<Node, string>();
  private readonly bodies = new Map<string, string>();
  private readonly hookNames = new Map<unknown, string>();

  constructor(private readonly options: CompileOptions) {
    for (const [name, value] of Object.entries(options.hooks))
      if (typeof value === 'function') this.hookNames.set(value, name);
  }

  private constant(code: string): string {
    const name = `C${this.constants.length}`;
    this.constants.push(`const ${name} = ${code};`);
    return name;
  }

  private hook(fn: unknown, where: string): string {
    const name = this.hookNames.get(fn);
    if (!name) throw new Error(`cannot compile ${where}: a function it uses is not exported by hooks.ts`);
    return `H.${name}`;
  }

  /**
   * The message arguments of an issue: zod asks the check's error, then the schema's, then falls back
   * to "Invalid input". Constant messages are resolved here; functions must be hooks.
   */
  private message(where: string, ...errors: (Fn | undefined)[]): string {
    const hooks: string[] = [];
    let text = 'M';
    for (const error of errors) {
      if (!error) continue;
      if (error.length === 0) {
        const constant = (error as () => unknown)();
        if (typeof constant === 'string') {
          text = JSON.stringify(constant);
          break;
        }
        continue;
      }
      hooks.push(this.hook(error, where));
    }
    return [text, ...hooks].join(', ');
  }

  /** Reports an issue: the fields zod reports, the input, a path the callers prefix, its message. */
  private issue(fields: string, message: string): string {
    return `E(I, { ${fields} }, v, ${message});`;
  }

  /** The function validating `node`; schemas that compile to the same code share one. */
  compile(node: Node, where: string): string {
    const known = this.names.get(node);
    if (known) return known;
    const body = this.body(node, where);
    let name = this.bodies.get(body);
    if (!name) {
      name = `f${this.bodies.size}`;
      this.bodies.set(body, name);
      this.functions.push(`function ${name}(v, I) {\n${body}\n}`);
    }
    this.names.set(node, name);
    return name;
  }

  private body(node: Node, where: string): string {
    const def = node._zod.def;
    const typeMessage = this.message(where, def.error);
    const typeIssue = (fields: string) => this.issue(fields, typeMessage);
    switch (def.type) {
      case 'string':
        return this.checked(node, where, [
          `if (typeof v !== 'string') { ${typeIssue(`expected: 'string', code: 'invalid_type'`)} A = true; }`,
        ]);
      case 'number': {
        const lines = def.coerce ? ['try { v = Number(v); } catch {}'] : [];
        lines.push(
          `if (typeof v !== 'number' || Number.isNaN(v) || !Number.isFinite(v)) {`,
          `  const received = typeof v === 'number' ? (Number.isNaN(v) ? 'NaN' : String(v)) : undefined;`,
          `  ${this.issue(`expected: 'number', code: 'invalid_type', ...(received ? { received } : {})`, typeMessage)}`,
          '  A = true;',
          '}',
        );
        return this.checked(node, where, lines);
      }
      case 'boolean':
        return `if (typeof v !== 'boolean') ${typeIssue(`expected: 'boolean', code: 'invalid_type'`)}\nreturn v;`;
      case 'unknown':
        return 'return v;';
      case 'never':
        return `${typeIssue(`expected: 'never', code: 'invalid_type'`)}\nreturn v;`;
      case 'enum': {
        const values = Object.values(def.entries ?? {});
        const list = this.constant(JSON.stringify(values));
        const set = this.constant(`new Set(${list})`);
        return `if (!${set}.has(v)) ${typeIssue(`code: 'invalid_value', values: ${list}`)}\nreturn v;`;
      }
      case 'optional': {
        const inner = this.child(def.innerType, `${where} (optional)`);
        if (def.innerType?._zod.optin !== 'defaulted')
          return `if (v === undefined) return v;\nreturn ${inner}(v, I);`;
        return [
          `if (v !== undefined) return ${inner}(v, I);`,
          `const n = I.length; const r = ${inner}(v, I);`,
          'if (I.length > n) { I.length = n; return undefined; }',
          'return r;',
        ].join('\n');
      }
      case 'nullable':
        return `if (v === null) return v;\nreturn ${this.child(def.innerType, `${where} (nullable)`)}(v, I);`;
      case 'default':
        return `if (v === undefined) return ${JSON.stringify(def.defaultValue)};\nreturn ${this.child(def.innerType, where)}(v, I);`;
      case 'pipe': {
        const first = this.child(def.in, `${where} (pipe in)`);
        const then = this.child(def.out, `${where} (pipe out)`);
        return [
          `const n = I.length; const a = ${first}(v, I);`,
          "for (let j = n; j < I.length; j++) if (I[j].code !== 'unrecognized_keys') return a;",
          `return ${then}(a, I);`,
        ].join('\n');
      }
      case 'transform':
        return `return ${this.hook(def.transform, where)}(v);`;
      case 'array': {
        const element = this.child(def.element, `${where}[]`);
        return [
          `if (!Array.isArray(v)) { ${typeIssue(`expected: 'array', code: 'invalid_type'`)} return v; }`,
          'const out = new Array(v.length);',
          'for (let k = 0; k < v.length; k++) {',
          `  const n = I.length; out[k] = ${element}(v[k], I);`,
          '  K(I, n, k);',
          '}',
          'return out;',
        ].join('\n');
      }
      case 'record':
        return this.record(def, where, typeIssue);
      case 'object':
        return this.object(node, where, typeIssue);
      default:
        throw new Error(`cannot compile ${where}: zod type "${def.type}" is not supported`);
    }
  }

  private child(node: Node | undefined, where: string): string {
    if (!node) throw new Error(`cannot compile ${where}: missing inner schema`);
    return this.compile(node, where);
  }

  private record(def: Def, where: string, typeIssue: (fields: string) => string): string {
    if (def.keyType?._zod.def.type !== 'string' || def.keyType._zod.def.checks?.length)
      throw new Error(`cannot compile ${where}: only records keyed by plain strings are supported`);
    const value = this.child(def.valueType, `${where}{}`);
    return [
      `if (!P(v)) { ${typeIssue(`expected: 'record', code: 'invalid_type'`)} return v; }`,
      'const out = {};',
      'for (const k of Object.keys(v)) {',
      "  if (k === '__proto__') continue;",
      `  const n = I.length; out[k] = ${value}(v[k], I);`,
      '  K(I, n, k);',
      '}',
      'return out;',
    ].join('\n');
  }

  private object(node: Node, where: string, typeIssue: (fields: string) => string): string {
    const def = node._zod.def;
    const shape = def.shape ?? {};
    const keys = Object.keys(shape);
    const lines = [
      `if (!O(v)) { ${typeIssue(`expected: 'object', code: 'invalid_type'`)} return v; }`,
      'const out = {};',
    ];
    for (const key of keys) {
      if (key === '__proto__') continue;
      const field = shape[key];
      if (!field) continue;
      const fn = this.compile(field, `${where}.${key}`);
      const k = JSON.stringify(key);
      lines.push(
        `{ const n = I.length; S(out, v, ${k}, ${fn}(v[${k}], I), n, I, ${JSON.stringify(field._zod.optin)}, ${JSON.stringify(field._zod.optout)}); }`,
      );
    }
    const catchall = def.catchall?._zod;
    if (catchall) {
      const known = this.constant(`new Set(${JSON.stringify(keys)})`);
      if (catchall.def.type === 'never') {
        lines.push(
          'const u = [];',
          `for (const k in v) if (!${known}.has(k)) u.push(k);`,
          `if (u.length) ${this.issue(`code: 'unrecognized_keys', keys: u`, 'M')}`,
        );
      } else {
        const fn = this.compile(def.catchall as Node, `${where}.*`);
        lines.push(
          'for (const k in v) {',
          `  if (${known}.has(k) || k === '__proto__') continue;`,
          `  const n = I.length; S(out, v, k, ${fn}(v[k], I), n, I, ${JSON.stringify(catchall.optin)}, ${JSON.stringify(catchall.optout)});`,
          '}',
        );
      }
    }
    lines.push('return out;');
    return lines.join('\n');
  }

  /**
   * A scalar's checks, run as zod runs them after the type check: a check with a `when` (the length
   * checks) runs unless an earlier issue aborted explicitly, and even on a mistyped value that has a
   * length; the others run only while nothing has aborted.
   */
  private checked(node: Node, where: string, parse: string[]): string {
    const def = node._zod.def;
    const checks: Node[] = [...(node._zod.traits.has('$ZodCheck') ? [node] : []), ...(def.checks ?? [])];
    const lines = ['let A = false; let X = false;', ...parse];
    for (const check of checks) {
      const c = check._zod.def;
      const own = check === node ? undefined : c.error;
      const message = this.message(`${where} (${c.check})`, own, def.error);
      const issue = (fields: string) => this.issue(fields, message);
      if (c.when && c.check !== 'min_length' && c.check !== 'max_length')
        throw new Error(`cannot compile ${where}: a conditional "${c.check}" check is not supported`);
      if (c.abort) throw new Error(`cannot compile ${where}: aborting checks are not supported`);
      switch (c.check) {
        case 'min_length':
        case 'max_length': {
          const small = c.check === 'min_length';
          const limit = small ? c.minimum : c.maximum;
          const failed = small ? `len < ${limit}` : `len > ${limit}`;
          lines.push(
            'if (!X && v != null && v.length !== undefined) {',
            `  const len = typeof v === 'string' ? L(v) : v.length;`,
            `  if (${failed}) {`,
            `    const origin = Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : 'unknown';`,
            `    ${issue(`origin, code: '${small ? 'too_small' : 'too_big'}', ${small ? 'minimum' : 'maximum'}: ${limit}, inclusive: true`)}`,
            '  }',
            '}',
          );
          break;
        }
        case 'regex':
        case 'string_format': {
          if (!c.pattern) throw new Error(`cannot compile ${where}: a string format without a pattern`);
          const pattern = this.constant(String(c.pattern));
          const format = c.check === 'regex' ? 'regex' : (c.format ?? 'regex');
          const text = JSON.stringify(String(c.pattern));
          lines.push(
            `if (!A) { ${pattern}.lastIndex = 0; if (!${pattern}.test(v)) ${issue(`origin: 'string', code: 'invalid_format', format: ${JSON.stringify(format)}, pattern: ${text}`)} }`,
          );
          break;
        }
        case 'greater_than':
        case 'less_than': {
          const small = c.check === 'greater_than';
          const op = small ? (c.inclusive ? '>=' : '>') : c.inclusive ? '<=' : '<';
          lines.push(
            `if (!A && !(v ${op} ${c.value})) ${issue(`origin: 'number', code: '${small ? 'too_small' : 'too_big'}', ${small ? 'minimum' : 'maximum'}: ${c.value}, inclusive: ${Boolean(c.inclusive)}`)}`,
          );
          break;
        }
        case 'number_format': {
          if (c.format !== 'safeint') throw new Error(`cannot compile ${where}: number format ${c.format}`);
          const note = `note: 'Integers must be within the safe integer range.', origin: 'int', inclusive: true`;
          lines.push(
            'if (!A) {',
            `  if (!Number.isInteger(v)) { ${issue(`expected: 'int', format: 'safeint', code: 'invalid_type'`)} A = true; X = true; }`,
            `  else if (v > Number.MAX_SAFE_INTEGER) ${issue(`code: 'too_big', maximum: Number.MAX_SAFE_INTEGER, ${note}`)}`,
            `  else if (v < Number.MIN_SAFE_INTEGER) ${issue(`code: 'too_small', minimum: Number.MIN_SAFE_INTEGER, ${note}`)}`,
            '}',
          );
          break;
        }
        default:
          throw new Error(`cannot compile ${where}: check "${c.check}" is not supported`);
      }
    }
    lines.push('return v;');
    return lines.join('\n');
  }

  output(exports: Record<string, string>): string {
    const { hooksPath, runtimePath } = this.options;
    return [
      '// Generated by src/lib/validate/compile.ts from the zod schemas of the module it replaces.',
      `import * as H from ${JSON.stringify(hooksPath)};`,
      `import { codePoints as L, done as D, isObject as O, isPlainObject as P, NO_MESSAGE as M, prefix as K, report as E, settle as S } from ${JSON.stringify(runtimePath)};`,
      ...this.constants,
      ...this.functions,
      ...Object.entries(exports).map(
        ([name, fn]) =>
          `export const ${name} = { safeParse(input) { const I = []; const out = ${fn}(input, I); return D(out, I); } };`,
      ),
    ].join('\n');
  }
}

/** The replacement for a module that exports only zod schemas: one compiled validator per export. */
export function compileModule(exports: Record<string, unknown>, options: CompileOptions): string {
  const compiler = new Compiler(options);
  const compiled: Record<string, string> = {};
  for (const [name, value] of Object.entries(exports)) {
    if (!isNode(value))
      throw new Error(`cannot compile export ${name}: a schema module exports only schemas`);
    compiled[name] = compiler.compile(value, name);
  }
  return compiler.output(compiled);
}
