/**
 * Warm detect-use handler on the local stack (dynalite + the SNS emulator): the real middy chain and
 * pipeline, with the DynamoDB and SNS clients counting every call through SDK middleware.
 *
 * Repeated rounds, each on a fresh table with a fresh container (pipeline). Interleaved per event with
 * two baselines: the same record through validation, enrichment and rules only (our code without
 * storage), and the stack floor: two bare round trips of the held path's kind (a conditional PutItem
 * of a new item, an UpdateItem that adds to one counter) through the same SDK, with no honeytrail
 * logic, so the figure can be read against what the stack itself costs on this machine.
 */
import {
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { percentile, type Summary, summarise } from './stats.ts';

type Counts = { dynamodb: number; sns: number };

function counting<C extends DynamoDBClient | SNSClient>(client: C, counts: Counts, key: keyof Counts): C {
  (client as DynamoDBClient).middlewareStack.add(
    (next) => async (args) => {
      counts[key] += 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchCountCalls' },
  );
  return client;
}

export interface WarmFigures {
  p50: Summary;
  p99: Summary;
  floorP50: Summary;
  floorP99: Summary;
  ownP99: Summary;
  perEvent: number;
  maxCalls: number;
  n: number;
}

export async function warmHandler(options: { events: string[]; warmup: number; rounds: number }) {
  const { startLocalStack } = await import('../src/local/stack.ts');
  const stack = await startLocalStack({ tableName: 'bench-warm' });
  Object.assign(process.env, stack.env, { DECOYS_FILE: 'test/events/decoys.yml' });
  try {
    const [
      { loadConfig },
      { ALL_RULES },
      { makeCloudTrailHandler },
      { buildPipeline },
      { makeStore },
      { tableDefinition },
      sns,
      rules,
      schema,
      ctx,
    ] = await Promise.all([
      import('../src/lib/config.ts'),
      import('../src/lib/detect/all-rules.ts'),
      import('../src/lib/middleware/handler.ts'),
      import('../src/lib/pipeline/build.ts'),
      import('../src/lib/store/dynamo.ts'),
      import('../src/lib/store/table.ts'),
      import('../src/lib/alerts/sns.ts'),
      import('../src/lib/detect/rules.ts'),
      import('../src/lib/cloudtrail/schema.ts'),
      import('../src/local/lambda-context.ts'),
    ]);
    const counts: Counts = { dynamodb: 0, sns: 0 };
    const ddb = counting(new DynamoDBClient({}), counts, 'dynamodb');
    const floorClient = new DynamoDBClient({});
    const context = ctx.lambdaContext('detect-use');
    const rounds = { p50: [] as number[], p99: [] as number[], floorP50: [] as number[] };
    const floorP99: number[] = [];
    const ownP99: number[] = [];
    const calls: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const tableName = `bench-warm-${round}`;
      await ddb.send(new CreateTableCommand(tableDefinition(tableName)));
      const config = { ...loadConfig(), TABLE_NAME: tableName };
      // As src/handlers/detect-use.ts wires it (a new container), with counting clients injected.
      const pipeline = buildPipeline(config, ALL_RULES, {
        store: makeStore({ tableName, retentionDays: config.RETENTION_DAYS, client: ddb }),
        publisher: sns.makePublisher({
          topicArn: config.TOPIC_ARN,
          client: counting(new SNSClient({}), counts, 'sns'),
        }),
      });
      const handler = makeCloudTrailHandler(pipeline, { timeoutEarlyInMillis: 0 });
      const total: number[] = [];
      const own: number[] = [];
      const floor: number[] = [];
      for (const [i, text] of options.events.entries()) {
        const before = counts.dynamodb + counts.sns;
        let started = performance.now();
        await handler(JSON.parse(text), context);
        const handlerMs = performance.now() - started;
        const made = counts.dynamodb + counts.sns - before;

        started = performance.now();
        rules.analyzeRecord(schema.parseEnvelope(JSON.parse(text)).detail, pipeline.context, ALL_RULES);
        const ownMs = performance.now() - started;

        started = performance.now();
        await floorClient.send(
          new PutItemCommand({
            TableName: tableName,
            Item: { pk: { S: `FLOOR#${round}#${i}` }, sk: { S: 'DET' }, body: { S: text.slice(0, 2048) } },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        await floorClient.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { pk: { S: 'FLOOR' }, sk: { S: 'COUNT' } },
            UpdateExpression: 'ADD calls :one',
            ExpressionAttributeValues: { ':one': { N: '1' } },
          }),
        );
        const floorMs = performance.now() - started;
        if (i < options.warmup) continue;
        total.push(handlerMs);
        own.push(ownMs);
        floor.push(floorMs);
        calls.push(made);
      }
      rounds.p50.push(percentile(total, 50));
      rounds.p99.push(percentile(total, 99));
      rounds.floorP50.push(percentile(floor, 50));
      floorP99.push(percentile(floor, 99));
      ownP99.push(percentile(own, 99));
    }
    ddb.destroy();
    floorClient.destroy();
    return {
      p50: summarise(rounds.p50),
      p99: summarise(rounds.p99),
      floorP50: summarise(rounds.floorP50),
      floorP99: summarise(floorP99),
      ownP99: summarise(ownP99),
      perEvent: calls.reduce((a, b) => a + b, 0) / calls.length,
      maxCalls: Math.max(...calls),
      n: calls.length / options.rounds,
    } satisfies WarmFigures;
  } finally {
    await stack.stop();
  }
}
