/**
 * Compiles zod/mini schemas for the Lambda bundles, at bundle time (deploy/esbuild-plugins.cjs).
 *
 * The schemas stay the one source of the types and the rules. A Lambda bundle gets, instead of zod and
 * the schema module, a compact description of each schema (runtime.ts `Spec`) and the small
 * interpreter that validates against it as zod 4 does: the same data, and the same issues (code, path,
 * message and the fields `issueMessage` reads), in the same order. So the cold start builds no schema
 * objects. test/unit/validate/compiled.test.ts holds the two to that on recorded events and mutations.
 * Anything outside the subset the Lambda schemas use fails the build, naming the schema.
 *
 * Transforms and error functions cannot be copied as text: they must be exported by `hooks.ts`; the
 * description names them and the bundle imports that module.
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
  /** Import specifiers the output uses for the hooks and the runtime. */
  hooksPath: string;
  runtimePath: string;
}

const json = (value: unknown) => JSON.stringify(value);
const presence = (value: string | undefined) => (value === 'optional' ? 1 : value === 'defaulted' ? 2 : 0);

class Compiler {
  private readonly specs: string[] = [];
  private readonly names = new Map<Node, string>();
  private readonly texts = new Map<string, string>();
  private readonly hookNames = new Map<unknown, string>();

  constructor(private readonly options: CompileOptions) {
    for (const [name, value] of Object.entries(options.hooks))
      if (typeof value === 'function') this.hookNames.set(value, name);
  }

  private hook(fn: unknown, where: string): string {
    const name = this.hookNames.get(fn);
    if (!name) throw new Error(`cannot compile ${where}: a function it uses is not exported by hooks.ts`);
    return name;
  }

  /**
   * An issue's message: zod asks the check's error, then the schema's, then falls back to "Invalid
   * input". Constant messages are resolved here; functions must be hooks, asked at run time.
   */
  private message(where: string, ...errors: (Fn | undefined)[]): string {
    const hooks: string[] = [];
    let text: string | 0 = 0;
    for (const error of errors) {
      if (!error) continue;
      if (error.length === 0) {
        const constant = (error as () => unknown)();
        if (typeof constant === 'string') {
          text = constant;
          break;
        }
        continue;
      }
      hooks.push(this.hook(error, where));
    }
    return hooks.length ? json([text, ...hooks]) : json(text);
  }

  /** The name of `node`'s description; schemas with the same description share one. */
  compile(node: Node, where: string): string {
    const known = this.names.get(node);
    if (known) return known;
    const text = this.describe(node, where);
    let name = this.texts.get(text);
    if (!name) {
      name = `S${this.texts.size}`;
      this.texts.set(text, name);
      this.specs.push(`const ${name} = ${text};`);
    }
    this.names.set(node, name);
    return name;
  }

  private child(node: Node | undefined, where: string): string {
    if (!node) throw new Error(`cannot compile ${where}: missing inner schema`);
    return this.compile(node, where);
  }

  private describe(node: Node, where: string): string {
    const def = node._zod.def;
    const type = this.message(where, def.error);
    switch (def.type) {
      case 'string':
        return `['s', ${type}, ${this.checks(node, where)}]`;
      case 'number':
        return `['n', ${def.coerce ? 1 : 0}, ${type}, ${this.checks(node, where)}]`;
      case 'boolean':
        return `['b', ${type}]`;
      case 'unknown':
        return `['u']`;
      case 'never':
        return `['x', ${type}]`;
      case 'enum':
        return `['e', ${json(Object.values(def.entries ?? {}))}, ${type}]`;
      case 'optional':
        return `['?', ${this.child(def.innerType, where)}, ${presence(def.innerType?._zod.optin)}]`;
      case 'nullable':
        return `['null', ${this.child(def.innerType, where)}]`;
      case 'default':
        return `['d', ${this.child(def.innerType, where)}, ${json(def.defaultValue)}]`;
      case 'pipe':
        return `['p', ${this.child(def.in, where)}, ${this.child(def.out, where)}]`;
      case 'transform':
        return `['t', ${json(this.hook(def.transform, where))}]`;
      case 'array':
        return `['a', ${this.child(def.element, `${where}[]`)}, ${type}]`;
      case 'record':
        if (def.keyType?._zod.def.type !== 'string' || def.keyType._zod.def.checks?.length)
          throw new Error(`cannot compile ${where}: only records keyed by plain strings are supported`);
        return `['r', ${this.child(def.valueType, `${where}{}`)}, ${type}]`;
      case 'object': {
        const fields = Object.entries(def.shape ?? {}).map(([key, field]) => {
          const spec = this.compile(field, `${where}.${key}`);
          return `[${json(key)}, ${spec}, ${presence(field._zod.optin)}, ${presence(field._zod.optout)}]`;
        });
        const catchall = def.catchall;
        const rest = !catchall
          ? '0'
          : catchall._zod.def.type === 'never'
            ? "'never'"
            : `['*', ${this.compile(catchall, `${where}.*`)}, ${presence(catchall._zod.optin)}, ${presence(catchall._zod.optout)}]`;
        return `['o', ${type}, [${fields.join(', ')}], ${rest}]`;
      }
      default:
        throw new Error(`cannot compile ${where}: zod type "${def.type}" is not supported`);
    }
  }

  /** A scalar's checks: the schema's own (a string format, an integer) first, then its `.check()`s. */
  private checks(node: Node, where: string): string {
    const def = node._zod.def;
    const checks: Node[] = [...(node._zod.traits.has('$ZodCheck') ? [node] : []), ...(def.checks ?? [])];
    return `[${checks.map((check) => this.check(check, node, where)).join(', ')}]`;
  }

  private check(check: Node, owner: Node, where: string): string {
    const c = check._zod.def;
    const at = `${where} (${c.check})`;
    const message = this.message(at, check === owner ? undefined : c.error, owner._zod.def.error);
    if (c.when && c.check !== 'min_length' && c.check !== 'max_length')
      throw new Error(`cannot compile ${at}: conditional checks are not supported`);
    if (c.abort) throw new Error(`cannot compile ${at}: aborting checks are not supported`);
    switch (c.check) {
      case 'min_length':
        return `['min', ${c.minimum}, ${message}]`;
      case 'max_length':
        return `['max', ${c.maximum}, ${message}]`;
      case 'regex':
      case 'string_format':
        if (!c.pattern) throw new Error(`cannot compile ${at}: a string format without a pattern`);
        return `['re', ${String(c.pattern)}, ${json(c.check === 'regex' ? 'regex' : (c.format ?? 'regex'))}, ${message}]`;
      case 'greater_than':
        return `['${c.inclusive ? 'gte' : 'gt'}', ${c.value}, ${message}]`;
      case 'less_than':
        return `['${c.inclusive ? 'lte' : 'lt'}', ${c.value}, ${message}]`;
      case 'number_format':
        if (c.format !== 'safeint') throw new Error(`cannot compile ${at}: number format ${c.format}`);
        return `['int', ${message}]`;
      default:
        throw new Error(`cannot compile ${at}: this check is not supported`);
    }
  }

  output(exports: Record<string, string>): string {
    const { hooksPath, runtimePath } = this.options;
    return [
      '// Generated by src/lib/validate/compile.ts from the zod schemas of the module it replaces.',
      `import * as H from ${json(hooksPath)};`,
      `import { validator as V } from ${json(runtimePath)};`,
      ...this.specs,
      ...Object.entries(exports).map(
        ([name, spec]) => `export const ${name} = /* @__PURE__ */ V(${spec}, H);`,
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
