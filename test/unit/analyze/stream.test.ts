import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { generateArchive } from '../../../bench/archive-gen.ts';
import { isCandidate } from '../../../src/lib/archive/precheck.ts';
import { analyzeEntry, type ValidResult } from '../../../src/lib/cli/analyze.ts';
import { readInputs } from '../../../src/lib/cli/read.ts';
import { type AnalyzeOptions, runAnalyze } from '../../../src/lib/cli/run-analyze.ts';
import { loadRegistryFile } from '../../../src/lib/decoys/load.ts';
import { ALL_RULES } from '../../../src/lib/detect/all-rules.ts';
import { analyzeRecord, type DetectorResources } from '../../../src/lib/detect/rules.ts';

const DECOYS = 'test/events/decoys.yml';
const registry = loadRegistryFile(DECOYS);

interface Captured {
  exitCode: number;
  stdout: string;
  stderr: string;
  lines: (ValidResult | { source: string; valid: false; error: string })[];
  summary: {
    summary: { files: Record<string, number>; records: Record<string, number>; detections: number };
  };
}

async function analyze(
  paths: string[],
  options: Partial<AnalyzeOptions> = {},
  extra: { stdin?: NodeJS.ReadableStream; env?: NodeJS.ProcessEnv } = {},
): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const run = await runAnalyze(
    paths,
    { decoys: DECOYS, json: true, workers: 0, ...options },
    {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      ...(extra.stdin ? { stdin: extra.stdin } : {}),
      env: extra.env ?? {},
    },
  );
  const parsed = stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  return {
    exitCode: run.exitCode,
    stdout,
    stderr,
    lines: parsed.filter((l) => 'source' in l),
    summary: parsed.find((l) => 'summary' in l),
  };
}

const fixture = (path: string): { detail: Record<string, unknown> } =>
  JSON.parse(readFileSync(`test/events/${path}`, 'utf8'));

describe('analyze inputs', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'honeytrail-stream-'));
  });

  it('reads a CloudTrail log file from stdin, plain and gzipped, with the same findings', async () => {
    const log = JSON.stringify({ Records: [fixture('use/sts-getcalleridentity-trufflehog.json').detail] });
    const plain = await analyze(['-'], {}, { stdin: Readable.from([Buffer.from(log)]) });
    const zipped = await analyze(['-'], {}, { stdin: Readable.from([gzipSync(log)]) });
    expect(plain.lines).toEqual([
      expect.objectContaining({ source: '-:0#0', eventName: 'GetCallerIdentity' }),
    ]);
    expect(zipped.lines).toEqual(plain.lines);
    expect(plain.summary.summary.files).toMatchObject({ read: 1, failed: 0 });
  });

  it('reads concatenated log files from stdin (zcat *.json.gz |) one value at a time', async () => {
    const record = fixture('use/sts-getcalleridentity-boto3.json').detail;
    const text = `${JSON.stringify({ Records: [record] })}\n${JSON.stringify({ Records: [record, record] })}`;
    const run = await analyze(['-'], {}, { stdin: Readable.from([text.slice(0, 100), text.slice(100)]) });
    expect(run.lines.map((l) => l.source)).toEqual(['-:0#0', '-:1#0', '-:1#1']);
    expect(run.summary.summary.records).toMatchObject({ records: 3, analysed: 3 });
  });

  it('recognises CloudTrail digest files, counts them as skipped and never reports them as events', async () => {
    const root = join(dir, 'digests');
    const archive = generateArchive({ dir: root, files: 4, records: 40, decoyEvery: 10, digests: true });
    const byContent = join(root, 'renamed-digest.json');
    writeFileSync(byContent, JSON.stringify({ digestStartTime: 'x', logFiles: [] }));
    const run = await analyze([root]);
    expect(run.summary.summary.files).toMatchObject({
      read: 4,
      skipped: archive.digestFiles + 1,
      digests: archive.digestFiles + 1,
    });
    expect(run.lines.every((l) => !l.source.includes('Digest'))).toBe(true);
    expect(run.summary.summary.records.records).toBe(40);
  });

  it('analyses a record without eventID with a warning and an ID that is the same on every run', async () => {
    const record = structuredClone(fixture('use/sts-getcalleridentity-trufflehog.json').detail);
    delete record.eventID;
    record.recipientAccountId = 'HIDDEN_DUE_TO_SECURITY_REASONS';
    const file = join(dir, 'no-id.json');
    writeFileSync(file, JSON.stringify({ Records: [record] }));
    const first = await analyze([file]);
    const second = await analyze([file]);
    const [line] = first.lines as ValidResult[];
    expect(line?.eventId).toMatch(/^derived-[0-9a-f]{32}$/);
    expect(line?.eventId).toBe((second.lines[0] as ValidResult).eventId);
    expect(line?.warnings).toEqual([
      expect.stringMatching(/eventID missing/),
      expect.stringMatching(/recipientAccountId .* ignored/),
    ]);
    expect(line?.detections).toEqual([expect.objectContaining({ kind: 'use', decoy: 'ci-cd-deploy-admin' })]);
    expect(first.summary.summary.records).toMatchObject({ warned: 1, invalid: 0 });
  });

  it('names each bad input in one line, goes on with the rest and exits 1', async () => {
    const root = join(dir, 'bad');
    mkdirSync(root, { recursive: true });
    const good = gzipSync(
      JSON.stringify({ Records: [fixture('use/sts-getcalleridentity-boto3.json').detail] }),
    );
    writeFileSync(join(root, 'a-good.json.gz'), good);
    writeFileSync(join(root, 'b-truncated.json.gz'), good.subarray(0, good.length - 12));
    symlinkSync(join(root, 'gone.json'), join(root, 'c-dangling.json'));
    writeFileSync(join(root, 'd-not-json.json'), '{"Records": [');
    writeFileSync(join(root, 'notes.txt'), 'not an event file');
    const run = await analyze([join(dir, 'missing-folder'), root]);
    expect(run.exitCode).toBe(1);
    const errors = run.stderr.trim().split('\n');
    expect(errors).toEqual([
      expect.stringMatching(/missing-folder: cannot read: no such file or directory$/),
      expect.stringMatching(/c-dangling\.json: cannot read: no such file/),
      expect.stringMatching(/b-truncated\.json\.gz: corrupt or truncated gzip/),
    ]);
    expect(run.lines.map((l) => [l.source.split('/').pop(), l.valid])).toEqual([
      ['a-good.json.gz#0', true],
      ['d-not-json.json', false],
    ]);
    expect(run.summary.summary.files).toMatchObject({ read: 2, skipped: 1, failed: 3 });
    expect(run.summary.summary.records).toMatchObject({ records: 2, analysed: 1, invalid: 1 });
  });

  it('exits 0 when every input was read, even with invalid events among them', async () => {
    const run = await analyze(['test/events/malformed']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
  });
});

describe('the fast path', () => {
  const envelopes = readInputs('test/events').filter((e) => 'value' in e);
  const detector: DetectorResources = {
    ruleNames: ['honeytrail-cloudtrail-home', 'honeytrail-forward-eu-west-1'],
    functionNames: ['honeytrail-prod-detect', 'honeytrail-prod-audit'],
    topicArn: 'arn:aws:sns:us-east-1:123456789012:honeytrail-alerts',
    tableName: 'honeytrail-prod-detections',
    trailName: 'honeytrail-management',
  };

  it('selects every fixture record that some rule fires on', () => {
    let firing = 0;
    for (const entry of envelopes) {
      const result = analyzeEntry(entry, registry, ALL_RULES);
      if (!result.valid || !('value' in entry)) continue;
      const value = entry.value as { detail?: Record<string, unknown> };
      const record = (value.detail ?? value) as Record<string, unknown>;
      const { detections } = analyzeRecord(record as never, { registry, detector }, ALL_RULES);
      if (detections.length === 0) continue;
      firing += 1;
      expect([entry.source, isCandidate(record, { registry, detector: true })]).toEqual([entry.source, true]);
    }
    expect(firing).toBeGreaterThan(40);
  });

  it('finds exactly what the full path finds over a generated archive, with and without workers', async () => {
    const root = mkdtempSync(join(tmpdir(), 'honeytrail-fast-'));
    const archive = generateArchive({ dir: root, files: 12, records: 1200, decoyEvery: 40 });
    const full = archive.files
      .flatMap((file) => readInputs(file))
      .flatMap((entry) => {
        const result = analyzeEntry(entry, registry, ALL_RULES);
        return result.valid && result.detections.length
          ? [`${result.eventId}:${result.detections.length}`]
          : [];
      });
    const inline = await analyze([root]);
    const threaded = await analyze([root], { workers: 2 });
    const found = (run: Captured) =>
      (run.lines as ValidResult[]).map((l) => `${l.eventId}:${l.detections.length}`).sort();
    expect(found(inline)).toEqual([...full].sort());
    expect(threaded.lines).toEqual(inline.lines);
    expect(inline.summary.summary.records).toMatchObject({ records: 1200, analysed: 1200, invalid: 0 });
    expect(full.length).toBe(archive.decoyRecords);
  }, 60_000);
});

describe('--stage parity with the deployed detector', () => {
  const stageNamesOf: Record<string, string> = {
    'honeytrail-cloudtrail-home': 'honeytrail-prod-use-1',
    'honeytrail-forward-eu-west-1': 'honeytrail-forwarder-prod-forward-use-1',
    'honeytrail-prod-detections"': 'honeytrail-prod"',
    'honeytrail-prod-detect"': 'honeytrail-prod-detectUse"',
    'arn:aws:sns:us-east-1:123456789012:honeytrail-alerts':
      'arn:aws:sns:us-east-1:123456789012:honeytrail-prod-alerts',
  };
  const fixtureEnv = {
    HONEYTRAIL_RULE_NAMES: 'honeytrail-cloudtrail-home,honeytrail-forward-eu-west-1',
    HONEYTRAIL_FUNCTION_NAMES: 'honeytrail-prod-detect,honeytrail-prod-audit',
    TRAIL_NAME: 'honeytrail-management',
    TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:honeytrail-alerts',
    TABLE_NAME: 'honeytrail-prod-detections',
  };
  const categories = (run: Captured) =>
    (run.lines as ValidResult[])
      .flatMap((l) =>
        l.detections
          .filter((d) => d.kind === 'detector-tamper')
          .map((d) => `${l.source.split('/').pop()}:${d.category}`),
      )
      .sort();

  it('stays silent on detector-tamper without names, as a detector without its configuration', async () => {
    expect(categories(await analyze(['test/events/detector']))).toEqual([]);
  });

  it('honours the Lambda environment variables and finds what the deployed detector finds', async () => {
    const run = await analyze(['test/events/detector'], {}, { env: fixtureEnv });
    expect(categories(run)).toHaveLength(16);
    expect(categories(run).join(' ')).not.toMatch(/-other/);
  });

  it('derives the same names from --stage as the stacks name them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'honeytrail-stage-'));
    for (const name of readdirSync('test/events/detector')) {
      let text = readFileSync(join('test/events/detector', name), 'utf8');
      for (const [from, to] of Object.entries(stageNamesOf)) text = text.split(`"${from}`).join(`"${to}`);
      text = text.split('function:honeytrail-prod-detect"').join('function:honeytrail-prod-detectUse"');
      text = text.split('honeytrail-alerts:').join('honeytrail-prod-alerts:');
      text = text.split('table/honeytrail-prod-detections"').join('table/honeytrail-prod"');
      writeFileSync(join(root, name), text);
    }
    const withEnv = await analyze(['test/events/detector'], {}, { env: fixtureEnv });
    const withStage = await analyze([root], { stage: 'prod', trail: 'honeytrail-management' });
    expect(categories(withStage)).toEqual(categories(withEnv));
  });

  it('uses the names serverless.yml gives the topic and the forwarder rules', () => {
    const yml = readFileSync('serverless.yml', 'utf8');
    expect(yml).toMatch(/TopicName: \$\{self:service\}-\$\{sls:stage\}-alerts/);
    expect(yml).toMatch(/HONEYTRAIL_RULE_PREFIXES: honeytrail-forwarder-\$\{sls:stage\}-/);
    expect(readFileSync('forwarder/serverless.yml', 'utf8')).toMatch(/^service: honeytrail-forwarder$/m);
  });
});
