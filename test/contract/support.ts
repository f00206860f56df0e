import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CfnResource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  Properties: Record<string, unknown>;
}
export interface Template {
  Conditions?: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, unknown>;
}

export interface Target {
  Id: string;
  Arn: unknown;
  RoleArn?: unknown;
  RetryPolicy?: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
  DeadLetterConfig?: { Arn: unknown };
}
export interface RuleProps {
  Name: string;
  State: string;
  EventPattern?: Record<string, unknown>;
  ScheduleExpression?: string;
  Targets: Target[];
}
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
export interface PolicyDocument {
  Statement: PolicyStatement | PolicyStatement[];
}
export interface RoleProps {
  RoleName?: unknown;
  AssumeRolePolicyDocument: PolicyDocument;
  Policies: Array<{ PolicyName: string; PolicyDocument: PolicyDocument }>;
}
export interface FunctionProps {
  FunctionName: string;
  Runtime: string;
  Handler: string;
  Role: unknown;
  Environment: { Variables: Record<string, unknown> };
}

export interface Packaged {
  dir: string;
  template: Template;
  /** Zip file name → size in bytes. */
  zips: Record<string, number>;
}

const CLI = join(ROOT, 'node_modules', '.bin', 'serverless');

/**
 * serverless-esbuild builds in one work folder per service: two packagings of the same service (from
 * two jest workers) must not overlap. A lock folder, taken atomically, orders them; a lock older than
 * ten minutes is a crashed run's and is taken over.
 */
async function withPackageLock<T>(cwd: string, run: () => Promise<T>): Promise<T> {
  const lock = join(cwd, '.esbuild-package.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 600_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((wait) => setTimeout(wait, 250));
    }
  }
  try {
    return await run();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * `serverless package` into a fresh directory, offline: no AWS credentials and none of the
 * invoke-local overrides in the environment. Runs for the same service are serialised.
 */
export function packageService(cwd: string, args: string[] = []): Promise<Packaged> {
  return withPackageLock(cwd, () => packageOnce(cwd, args));
}

function packageOnce(cwd: string, args: string[]): Promise<Packaged> {
  const dir = mkdtempSync(join(tmpdir(), 'honeytrail-contract-'));
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  for (const name of [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'TABLE_NAME',
    'TOPIC_ARN',
    'TRAIL_NAME',
    'CHAT_TOPIC_ARN',
    'SECURITY_HUB_PRODUCT_ARN',
  ])
    delete env[name];
  return new Promise((resolvePackaged, reject) => {
    const child = spawn(CLI, ['package', '--package', dir, ...args], { cwd, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`serverless package ${args.join(' ')} failed (${code}):\n${output}`));
        return;
      }
      const template = JSON.parse(
        readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8'),
      ) as Template;
      const zips = Object.fromEntries(
        readdirSync(dir)
          .filter((file) => file.endsWith('.zip'))
          .map((file) => [file, statSync(join(dir, file)).size]),
      );
      resolvePackaged({ dir, template, zips });
    });
  });
}

/** The properties of one resource, read as the shape the test expects. */
export function props<T>(template: Template, logicalId: string): T {
  const resource = template.Resources[logicalId];
  if (!resource) throw new Error(`no resource ${logicalId} in the template`);
  return resource.Properties as T;
}

export function resourcesOfType(template: Template, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every policy statement anywhere in the template: role policies, key, queue, bucket and bus policies. */
export function allStatements(template: Template): Array<{ where: string; statement: PolicyStatement }> {
  const found: Array<{ where: string; statement: PolicyStatement }> = [];
  const visit = (where: string, value: unknown): void => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(`${where}[${index}]`, item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if ('Effect' in record && 'Action' in record)
      found.push({ where, statement: record as unknown as PolicyStatement });
    for (const [key, child] of Object.entries(record)) visit(`${where}.${key}`, child);
  };
  for (const [id, resource] of Object.entries(template.Resources)) visit(id, resource.Properties);
  return found;
}

/** Logical IDs one resource refers to: Ref, Fn::GetAtt, ${X} in Fn::Sub, and DependsOn. */
function references(resource: CfnResource, ids: Set<string>): Set<string> {
  const found = new Set<string>(asArray(resource.DependsOn ?? []));
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'Ref' && typeof child === 'string') found.add(child);
      if (key === 'Fn::GetAtt' && Array.isArray(child) && typeof child[0] === 'string') found.add(child[0]);
      if (key === 'Fn::Sub') {
        const text = Array.isArray(child) ? child[0] : child;
        for (const match of String(text).matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g))
          if (match[1]) found.add(match[1]);
      }
      visit(child);
    }
  };
  visit(resource.Properties);
  return new Set([...found].filter((id) => ids.has(id)));
}

/** A dependency cycle CloudFormation would refuse, as a path of logical IDs, or undefined. */
export function dependencyCycle(template: Template): string[] | undefined {
  const ids = new Set(Object.keys(template.Resources));
  const edges = new Map([...ids].map((id) => [id, references(template.Resources[id] as CfnResource, ids)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const walk = (id: string, path: string[]): string[] | undefined => {
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    if (state.get(id) === 'done') return undefined;
    state.set(id, 'visiting');
    for (const next of edges.get(id) ?? []) {
      const cycle = walk(next, [...path, id]);
      if (cycle) return cycle;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of ids) {
    const cycle = walk(id, []);
    if (cycle) return cycle;
  }
  return undefined;
}

interface ZipEntry {
  name: string;
  method: number;
  size: number;
  offset: number;
}

/** The entries of a zip file, read from its central directory (no zip64: packages are small). */
function zipDirectory(file: string): { data: Buffer; entries: ZipEntry[] } {
  const data = readFileSync(file);
  const end = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${file} is not a zip file`);
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = data.readUInt16LE(at + 28);
    entries.push({
      name: data.toString('utf8', at + 46, at + 46 + nameLength),
      method: data.readUInt16LE(at + 10),
      size: data.readUInt32LE(at + 20),
      offset: data.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  return { data, entries };
}

export const zipEntries = (file: string): string[] => zipDirectory(file).entries.map((entry) => entry.name);

/** The uncompressed content of the first entry whose name matches. */
export function zipEntry(file: string, name: RegExp): Buffer {
  const { data, entries } = zipDirectory(file);
  const entry = entries.find((candidate) => name.test(candidate.name));
  if (!entry) throw new Error(`${file} has no entry matching ${name}`);
  const start =
    entry.offset + 30 + data.readUInt16LE(entry.offset + 26) + data.readUInt16LE(entry.offset + 28);
  const body = data.subarray(start, start + entry.size);
  return entry.method === 8 ? inflateRawSync(body) : Buffer.from(body);
}
