/**
 * The validators Lambda bundles carry (compiled from the zod schemas at bundle time) against zod
 * itself: the same data and the same issues, on every recorded event and on mutations of valid inputs
 * (missing, mistyped, too short, too long, wrong format, unknown fields, hostile keys).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { build, type Plugin } from 'esbuild';
import * as envelope from '../../../src/lib/cloudtrail/envelope.schema.ts';
import * as config from '../../../src/lib/config.schema.ts';
import * as registry from '../../../src/lib/decoys/registry.schema.ts';
import type { Checked } from '../../../src/lib/validate/runtime.ts';
import { safeParse } from '../../../src/lib/validate/safe-parse.ts';
import { describeIssues } from '../../../src/lib/zod-issues.ts';

const require = createRequire(import.meta.url);
const plugins = require('../../../deploy/esbuild-plugins.cjs') as Plugin[];

type Compiled = Record<string, { safeParse(input: unknown): Checked<unknown> }>;

/** Bundles a schema module the way the Lambda bundles do and loads the result. */
async function compiled(module: string): Promise<Compiled> {
  const result = await build({
    stdin: { contents: `export * from ${JSON.stringify(module)};`, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    plugins,
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]?.text ?? '';
  expect(text).not.toContain('zod');
  const loaded = { exports: {} as Compiled };
  new Function('module', 'exports', 'require', text)(loaded, loaded.exports, require);
  return loaded.exports;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

const ODD_VALUES: unknown[] = [
  undefined,
  null,
  5,
  0,
  -1,
  1.5,
  Number.NaN,
  true,
  [],
  ['x'],
  {},
  '',
  ' ',
  'x',
  '1.08',
  '123456789012',
  '2026-11-20T10:00:00Z',
  '2026-02-30T10:00:00Z',
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(257),
  '😀'.repeat(128),
  '😀'.repeat(129),
  'AKIA2E0A8F3B244C9986',
  'arn:aws:sns:us-east-1:123456789012:t',
];

/** Each field of `base` (one level, and one level into `nested`) set to each odd value, or removed. */
function mutations(base: Record<string, unknown>, nested: string[] = []): unknown[] {
  const out: unknown[] = [base];
  const vary = (target: Record<string, unknown>, rebuild: (next: Record<string, unknown>) => unknown) => {
    for (const key of Object.keys(target)) {
      const without = { ...target };
      delete without[key];
      out.push(rebuild(without));
      for (const value of ODD_VALUES) out.push(rebuild({ ...target, [key]: value }));
    }
    out.push(rebuild({ ...target, unexpectedField: 'x' }));
    out.push(rebuild(JSON.parse(`{"__proto__": {"polluted": 1}, ${JSON.stringify(target).slice(1)}`)));
  };
  vary(base, (next) => next);
  for (const key of nested) {
    const inner = base[key] as Record<string, unknown>;
    vary(inner, (next) => ({ ...base, [key]: next }));
  }
  out.push(...ODD_VALUES);
  return out;
}

function expectSame(name: string, fast: Compiled, reference: unknown, inputs: unknown[]) {
  const schema = fast[name];
  if (!schema) throw new Error(`no compiled ${name}`);
  let failures = 0;
  for (const input of inputs) {
    const want = safeParse(reference as Parameters<typeof safeParse>[0], input);
    const got = schema.safeParse(input);
    expect(got).toEqual(want);
    if (!want.success) {
      failures += 1;
      if (!got.success) expect(describeIssues(got.error, '', 50)).toBe(describeIssues(want.error, '', 50));
    }
  }
  // The corpus must exercise both outcomes, or the comparison proves little.
  expect(failures).toBeGreaterThan(10);
  expect(failures).toBeLessThan(inputs.length);
}

describe('compiled validators match zod', () => {
  it('on every recorded CloudTrail event and on mutations of one', async () => {
    const fast = await compiled('./src/lib/cloudtrail/envelope.schema.ts');
    // Every fixture that is JSON at all (one is deliberately unreadable).
    const recorded = jsonFiles('test/events').flatMap((file) => {
      try {
        return [JSON.parse(readFileSync(file, 'utf8')) as unknown];
      } catch {
        return [];
      }
    });
    const sample = JSON.parse(
      readFileSync('test/events/use/sts-getcalleridentity-trufflehog.json', 'utf8'),
    ) as Record<string, unknown>;
    const detail = sample.detail as Record<string, unknown>;
    const inputs = [
      ...recorded,
      ...mutations(sample, ['detail']),
      ...mutations(detail, ['userIdentity']).map((d) => ({ ...sample, detail: d })),
    ];
    expect(inputs.length).toBeGreaterThan(1000);
    expectSame('CloudTrailEnvelope', fast, envelope.CloudTrailEnvelope, inputs);
    expectSame('CloudTrailRecord', fast, envelope.CloudTrailRecord, [
      ...inputs.map((i) => (i as { detail?: unknown })?.detail),
      ...mutations(detail),
    ]);
  });

  it('on environments, valid and broken', async () => {
    const fast = await compiled('./src/lib/config.schema.ts');
    const base = {
      TABLE_NAME: 'honeytrail-prod',
      TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:honeytrail-alerts',
      DECOYS_FILE: 'decoys.json',
      INCIDENT_QUIET_SECONDS: '86400',
      DIGEST_WINDOW_SECONDS: '0',
      RETENTION_DAYS: '30',
      HONEYTRAIL_RULE_NAMES: 'a, b,,c',
      TRAIL_BUCKET: '',
      TOR_LIST_URL: 'https://example.org/list',
      CHAT_TOPIC_ARN: '',
      SECURITY_HUB_PRODUCT_ARN: 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default',
      EVENT_BUS_NAME: 'default',
    };
    const numbers = [
      '1e20',
      '9007199254740993',
      '-9007199254740993',
      '59',
      '60',
      '2592001',
      'Infinity',
      ' 7 ',
      '0x10',
    ];
    const inputs = [
      ...mutations(base),
      ...numbers.flatMap((n) => [
        { ...base, INCIDENT_QUIET_SECONDS: n },
        { ...base, RETENTION_DAYS: n },
      ]),
      {
        ...base,
        SECURITY_HUB_PRODUCT_ARN: 'arn:aws:securityhub:us-east-1:123456789012:product/999999999999/default',
      },
      { ...base, CHAT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:chat' },
      { ...base, CHAT_TOPIC_ARN: 'not an arn' },
      { ...base, TOR_LIST_URL: 'ftp://x' },
    ];
    expectSame('ConfigSchema', fast, config.ConfigSchema, inputs);
    expectSame('CliConfigSchema', fast, config.CliConfigSchema, [
      ...inputs,
      ...mutations({ AWS_REGION: 'eu-west-1' }),
    ]);
  });

  it('on registry entries, including YAML numbers for account IDs', async () => {
    const fast = await compiled('./src/lib/decoys/registry.schema.ts');
    const entry = {
      userName: 'prod-db-backup-user',
      accountId: '123456789012',
      accessKeyIds: ['AKIA2E0A8F3B244C9986'],
      placement: 'credentials.txt in the private repo acme/payments',
      groups: ['readers'],
      plantedAt: '2026-11-01',
    };
    const inputs = [
      ...mutations(entry),
      { ...entry, accountId: 12345 },
      { ...entry, accountId: 123456789012 },
      { ...entry, accessKeyIds: ['AKIA2E0A8F3B244C9986', 'nope', 5] },
      { ...entry, groups: ['ok', 'bad group!'] },
      { ...entry, placement: 'x'.repeat(501) },
      { ...entry, plantedAt: '2026-11-01T09:30:00Z' },
      { ...entry, plantedAt: 'yesterday' },
    ];
    expectSame('DecoyEntry', fast, registry.DecoyEntry, inputs);
    expectSame('RegistryFile', fast, registry.RegistryFile, [
      { decoys: [] },
      { decoys: [entry] },
      {},
      { decoys: 5 },
      { decoys: [], extra: 1 },
      ...ODD_VALUES,
    ]);
  });
});
