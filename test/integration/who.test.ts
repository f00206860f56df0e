import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { defaultIncidentDeps } from '../../src/cli/incidents.ts';
import { makeSts } from '../../src/lib/aws/sts.ts';
import { loadCliConfig } from '../../src/lib/config.ts';

/** Who acknowledged or resolved: STS GetCallerIdentity, answered by moto's server over the wire. */
let moto: ChildProcess;
let endpoint: string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitUntilUp(url: string): Promise<void> {
  for (let i = 0; i < 150; i += 1) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`moto server did not start at ${url}`);
}

beforeAll(async () => {
  const port = await freePort();
  endpoint = `http://127.0.0.1:${port}`;
  moto = spawn('python3', ['-m', 'moto.server', '-p', String(port)], { stdio: 'ignore' });
  await waitUntilUp(endpoint);
}, 40_000);
afterAll(async () => {
  const exited = new Promise((resolve) => moto.once('exit', resolve));
  moto.kill();
  await exited;
});

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

describe('who changed an incident', () => {
  it("is the caller's AWS identity from sts:GetCallerIdentity", async () => {
    const client = new STSClient({ region: 'us-east-1', endpoint, credentials });
    expect(await makeSts({ client }).callerArn()).toMatch(/^arn:aws:sts::\d{12}:user\/\S+$/);
    client.destroy();
  });

  it('asks STS against AWS, and names the local OS user when DynamoDB is the local stack', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_ENDPOINT_URL_STS: endpoint,
    });
    try {
      const deps = defaultIncidentDeps(() => {});
      const aws = loadCliConfig({ ...process.env, AWS_ENDPOINT_URL_DYNAMODB: '' });
      expect(await deps.who(aws)).toMatch(/^arn:aws:sts::\d{12}:user\//);
      const local = loadCliConfig({ ...process.env, AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4567' });
      expect(await deps.who(local)).toBe(`local:${userInfo().username}`);
    } finally {
      process.env = saved;
    }
  });
});
