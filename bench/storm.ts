/**
 * `npm run bench:storm`: two attack storms through the real handler chain on the local stack
 * (dynalite + SNS emulator + HTTP inbox). Prints mails, records, events/s, DynamoDB and SNS calls per
 * event, and the p99 latency early in the storm against late in it (the same run is its own baseline).
 *   A: 10,000 calls from one key and one IP within an hour.
 *   B: 10,000 calls from one key rotating over 1,000 IPs within an hour, with three escalations at
 *      seeded random points: session-key use, a console sign-in, a first write call.
 */
import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { makePublisher } from '../src/lib/alerts/sns.ts';
import { loadConfig } from '../src/lib/config.ts';
import { ALL_RULES } from '../src/lib/detect/all-rules.ts';
import { decoyScope } from '../src/lib/incidents/model.ts';
import { buildPipeline } from '../src/lib/pipeline/build.ts';
import { flushDigests } from '../src/lib/pipeline/flush.ts';
import { makeStore } from '../src/lib/store/dynamo.ts';
import { keys } from '../src/lib/store/keys.ts';
import { lambdaContext } from '../src/local/lambda-context.ts';
import { FIXTURE_DEPLOYMENT } from '../src/local/routes.ts';
import { startLocalStack } from '../src/local/stack.ts';
import { cloudTrailEvent, type EventOptions } from '../test/support/events.ts';
import { writeUnits } from './write-units.ts';

const EVENTS = Number(process.env.STORM_EVENTS ?? 10_000);
// Storm B's three escalations are drawn from events 200 to EVENTS - 200.
if (!Number.isInteger(EVENTS) || EVENTS < 1000)
  throw new Error(
    `bench:storm: STORM_EVENTS must be a whole number of at least 1000, got ${process.env.STORM_EVENTS}`,
  );
const WINDOW = Math.max(50, Math.round(EVENTS / 20));

const stack = await startLocalStack({ tableName: 'storm-bench' });
Object.assign(process.env, stack.env, FIXTURE_DEPLOYMENT, {
  DECOYS_FILE: 'test/events/decoys.yml',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
});
const config = loadConfig();
// Imported after the environment is set: the logger reads its level once, as in Lambda.
const { makeCloudTrailHandler } = await import('../src/lib/middleware/handler.ts');

let calls = 0;
function counted<T extends DynamoDBClient | SNSClient>(client: T): T {
  client.middlewareStack.add(
    (next) => async (args) => {
      calls += 1;
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  return client;
}
const dynamo = counted(new DynamoDBClient({}));
const store = makeStore({ tableName: config.TABLE_NAME, retentionDays: 30, client: dynamo });
const publisher = makePublisher({
  topicArn: config.TOPIC_ARN,
  client: counted(new SNSClient({ maxAttempts: 1 })),
});
const handler = makeCloudTrailHandler(buildPipeline(config, ALL_RULES, { store, publisher }));
const context = lambdaContext('storm');

/** Deterministic pseudo-random numbers (mulberry32), so every run replays the same storm. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// Read-only enumeration calls an attacker sweeps through with a decoy key.
const SWEEP: [string, string][] = [
  ['sts.amazonaws.com', 'GetCallerIdentity'],
  ['iam.amazonaws.com', 'ListUsers'],
  ['iam.amazonaws.com', 'ListRoles'],
  ['s3.amazonaws.com', 'ListBuckets'],
  ['ec2.amazonaws.com', 'DescribeInstances'],
  ['lambda.amazonaws.com', 'ListFunctions20150331'],
  ['secretsmanager.amazonaws.com', 'ListSecrets'],
  ['dynamodb.amazonaws.com', 'ListTables'],
];

interface Storm {
  name: string;
  user: string;
  key: string;
  ips: string[];
  userAgent: string;
  escalations: Record<number, (base: EventOptions) => EventOptions>;
}

function eventsOf(storm: Storm, start: number): ReturnType<typeof cloudTrailEvent>[] {
  return Array.from({ length: EVENTS }, (_, i) => {
    const [eventSource, eventName] = SWEEP[i % SWEEP.length] as [string, string];
    const base: EventOptions = {
      userName: storm.user,
      accessKeyId: storm.key,
      sourceIPAddress: storm.ips[i % storm.ips.length],
      userAgent: storm.userAgent,
      eventTime: new Date(start + Math.floor((i * 3_599_000) / EVENTS)).toISOString().replace(/\.\d+Z$/, 'Z'),
      eventSource,
      eventName,
      ...(i === 0 ? {} : { errorCode: 'AccessDenied' }),
    };
    const escalate = storm.escalations[i];
    return cloudTrailEvent(escalate ? escalate(base) : base);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function records(user: string): Promise<number> {
  let count = 0;
  let startKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const page = await new DynamoDBClient({}).send(
      new QueryCommand({
        TableName: config.TABLE_NAME,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: keys.decoy('123456789012', user) } },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

/**
 * What a held call writes once the storm is long: its record (the newest one) and the incident
 * aggregate as it stands at the end, each on the table and on every GSI it is in.
 */
async function heldCallUnits(user: string) {
  const reader = new DynamoDBClient({});
  const [newest] =
    (
      await reader.send(
        new QueryCommand({
          TableName: config.TABLE_NAME,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: keys.decoy('123456789012', user) } },
          ScanIndexForward: false,
          Limit: 1,
        }),
      )
    ).Items ?? [];
  const { Item: incident } = await reader.send(
    new GetItemCommand({
      TableName: config.TABLE_NAME,
      Key: {
        pk: { S: `SCOPE#${decoyScope({ accountId: '123456789012', userName: user })}` },
        sk: { S: 'CURRENT' },
      },
    }),
  );
  reader.destroy();
  if (!newest || !incident) throw new Error(`bench:storm: no record or incident stored for ${user}`);
  const record = writeUnits(newest);
  const aggregate = writeUnits(incident);
  return {
    record,
    incident: aggregate,
    total: record.table + record.indexes + aggregate.table + aggregate.indexes,
  };
}

async function runStorm(storm: Storm, start: number) {
  const events = eventsOf(storm, start);
  const before = (await stack.inbox.settle(200)).length;
  const latencies: number[] = [];
  const callsPer: number[] = [];
  const began = performance.now();
  for (const event of events) {
    const c0 = calls;
    const t0 = performance.now();
    await handler(event, context);
    latencies.push(performance.now() - t0);
    callsPer.push(calls - c0);
  }
  const seconds = (performance.now() - began) / 1000;
  const units = await heldCallUnits(storm.user);
  const flushed = await flushDigests({
    store,
    publisher,
    digestSeconds: config.DIGEST_WINDOW_SECONDS,
    now: () => start + 2 * 3_600_000,
  });
  const mails = (await stack.inbox.settle(500)).slice(before);
  const windowAt = (i: number) => {
    const from = Math.max(0, Math.min(i - WINDOW / 2, EVENTS - WINDOW));
    const slice = latencies.slice(from, from + WINDOW).sort((a, b) => a - b);
    const c = callsPer.slice(from, from + WINDOW);
    return {
      p50: percentile(slice, 50),
      p99: percentile(slice, 99),
      calls: c.reduce((a, b) => a + b, 0) / c.length,
    };
  };
  const early = windowAt(100);
  const late = windowAt(EVENTS - 1);
  const byNotice = new Map<string, number>();
  for (const mail of mails)
    byNotice.set(mail.attributes.notice ?? '?', (byNotice.get(mail.attributes.notice ?? '?') ?? 0) + 1);
  return {
    storm: storm.name,
    mails: mails.length,
    byNotice: Object.fromEntries(byNotice),
    records: await records(storm.user),
    events: EVENTS,
    eventsPerSecond: EVENTS / seconds,
    early,
    late,
    flushed: flushed.mailed.length,
    maxCalls: Math.max(...callsPer),
    units,
  };
}

const rnd = random(20261130);
const points = new Set<number>();
while (points.size < 3) points.add(200 + Math.floor(rnd() * (EVENTS - 400)));
const [p1, p2, p3] = [...points].sort((a, b) => a - b) as [number, number, number];
const doIps = Array.from({ length: 1000 }, (_, i) => `167.99.${Math.floor(i / 250) + 1}.${(i % 250) + 2}`);

const stormA: Storm = {
  name: 'A: one key, one IP',
  user: 'prod-db-backup-user',
  key: 'AKIA2E0A8F3B244C9986',
  ips: ['167.99.32.11'],
  userAgent:
    'aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.12.13-amd64 md/distrib#kali.2025 lang/python#3.12.6',
  escalations: {},
};
const stormB: Storm = {
  name: 'B: one key, 1,000 IPs, 3 escalations',
  user: 'ci-cd-deploy-admin',
  key: 'AKIAY4M2PZ7NQ3XR5TKL',
  ips: doIps,
  userAgent: 'Boto3/1.26.45 Python/3.9.2 Linux/6.0.0-2parrot1-amd64 Botocore/1.29.45',
  escalations: {
    [p1]: (base) => ({
      ...base,
      accessKeyId: 'ASIAY4M2PZ7NQ3XR5TKL',
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
    }),
    [p2]: (base) => ({
      ...base,
      accessKeyId: '',
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
    }),
    [p3]: (base) => ({ ...base, eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', readOnly: false }),
  },
};

console.log(
  `bench:storm - ${EVENTS} events per storm; escalations in B at events ${p1}, ${p2}, ${p3}; windows of ${WINDOW} events\n`,
);
const results = [
  await runStorm(stormA, Date.parse('2026-11-01T00:00:00Z')),
  await runStorm(stormB, Date.parse('2026-11-03T00:00:00Z')),
];
await stack.stop();
for (const r of results) {
  const ratio = r.late.p99 / r.early.p99;
  console.log(`storm ${r.storm}`);
  console.log(
    `  mails        ${r.mails} (${Object.entries(r.byNotice)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}); flush sent ${r.flushed}`,
  );
  console.log(
    `  records      ${r.records} for ${r.events} events${r.records === r.events ? '' : '  <-- MISMATCH'}`,
  );
  console.log(
    `  throughput   ${r.eventsPerSecond.toFixed(0)} events/s (sequential, one invocation at a time)`,
  );
  console.log(
    `  calls/event  early ${r.early.calls.toFixed(2)}, late ${r.late.calls.toFixed(2)}, max ${r.maxCalls} (DynamoDB + SNS)`,
  );
  const { record, incident, total } = r.units;
  console.log(
    `  write units  a late held call: record ${record.table} + ${record.indexes} on GSIs, incident ${incident.table} + ${incident.indexes} on GSIs = ${total} WRU; 1,000 such calls = ${(total * 1000).toLocaleString('en-US')} WRU, $${((total * 1000 * 0.625) / 1e6).toFixed(3)} at $0.625 per million (on demand, us-east-1)`,
  );
  console.log(
    `  latency      early p50 ${r.early.p50.toFixed(2)} ms p99 ${r.early.p99.toFixed(2)} ms; late p50 ${r.late.p50.toFixed(2)} ms p99 ${r.late.p99.toFixed(2)} ms; late/early p99 ${ratio.toFixed(2)}x (target <= 1.5x)\n`,
  );
}
