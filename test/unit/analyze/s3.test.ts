import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateArchive } from '../../../bench/archive-gen.ts';
import { runAnalyze } from '../../../src/lib/cli/run-analyze.ts';

/** moto's S3 over the real wire protocol, started and stopped by this test. */
const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await new Promise<void>((resolve, reject) => {
        // No keep-alive: an idle pooled socket would hold jest open after the run.
        get(url, { agent: false }, (res) => {
          res.resume();
          resolve();
        }).on('error', reject);
      });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`moto did not start at ${url}`);
}

describe('analyze s3://bucket/prefix/ against a local S3', () => {
  let moto: ChildProcess | undefined;
  let endpoint = '';
  let local = '';
  let client: S3Client | undefined;
  const saved = { ...process.env };

  beforeAll(async () => {
    const port = await freePort();
    moto = spawn('python3', ['-m', 'moto.server', '-p', String(port)], { stdio: 'ignore' });
    endpoint = `http://127.0.0.1:${port}`;
    await waitFor(endpoint);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
    });
    const s3 = new S3Client({ endpoint, forcePathStyle: true });
    client = s3;
    await s3.send(new CreateBucketCommand({ Bucket: 'trail-archive' }));
    local = mkdtempSync(join(tmpdir(), 'honeytrail-s3-'));
    const archive = generateArchive({ dir: local, files: 10, records: 500, decoyEvery: 25, digests: true });
    const { readdirSync, statSync } = await import('node:fs');
    const upload = async (dir: string): Promise<void> => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) await upload(path);
        else
          await s3.send(
            new PutObjectCommand({
              Bucket: 'trail-archive',
              Key: relative(local, path),
              Body: readFileSync(path),
            }),
          );
      }
    };
    await upload(local);
    expect(archive.files).toHaveLength(10);
  }, 60_000);

  afterAll(async () => {
    client?.destroy();
    process.env = saved;
    if (moto && moto.exitCode === null) {
      const exited = new Promise((resolve) => moto?.once('exit', resolve));
      moto.kill('SIGKILL');
      await exited;
    }
  });

  const run = async (paths: string[]) => {
    let stdout = '';
    let stderr = '';
    const result = await runAnalyze(
      paths,
      { decoys: 'test/events/decoys.yml', json: true, workers: 0 },
      {
        stdout: (t) => {
          stdout += t;
        },
        stderr: (t) => {
          stderr += t;
        },
        env: process.env,
      },
    );
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    return { result, stderr, events: lines.filter((l) => 'source' in l), summary: lines.at(-1) };
  };

  it('streams every log file under the prefix and finds what the local scan finds', async () => {
    const remote = await run(['s3://trail-archive/AWSLogs/']);
    const onDisk = await run([local]);
    expect(remote.result.exitCode).toBe(0);
    expect(remote.stderr).toBe('');
    const ids = (r: { events: { eventId: string }[] }) => r.events.map((e) => e.eventId).sort();
    expect(ids(remote)).toEqual(ids(onDisk));
    expect(remote.events).toHaveLength(20);
    expect(remote.events[0].source).toMatch(/^s3:\/\/trail-archive\/AWSLogs\/\d{12}\/CloudTrail\//);
    expect(remote.summary.summary.files).toMatchObject({ read: 10, failed: 0 });
    expect(remote.summary.summary.files.digests).toBeGreaterThan(0);
    expect(remote.summary.summary.records.records).toBe(500);
  }, 60_000);

  it('names an S3 input it cannot read in one line and goes on with the rest (exit 1)', async () => {
    const mixed = await run(['s3://no-such-bucket/AWSLogs/', 's3://trail-archive/AWSLogs/123456789012/']);
    expect(mixed.result.exitCode).toBe(1);
    expect(mixed.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^honeytrail: s3:\/\/no-such-bucket\/AWSLogs\/: cannot list: NoSuchBucket/),
    ]);
    expect(mixed.summary.summary.files).toMatchObject({ read: 5, failed: 1 });
  }, 60_000);
});
