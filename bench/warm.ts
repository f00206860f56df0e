/**
 * Warm detect-use handler on the local stack (dynalite + the SNS emulator): the real middy chain
 * and pipeline, with the DynamoDB and SNS clients counting every call through SDK middleware.
 * Baseline, interleaved per event: the same record through validation, enrichment and rules only.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { percentile, summarise } from './stats.ts';

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

export async function warmHandler(options: { events: string[]; warmup: number }) {
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
      import('../src/lib/alerts/sns.ts'),
      import('../src/lib/detect/rules.ts'),
      import('../src/lib/cloudtrail/schema.ts'),
      import('../src/local/lambda-context.ts'),
    ]);
    const counts: Counts = { dynamodb: 0, sns: 0 };
    const config = loadConfig();
    // As src/handlers/detect-use.ts wires it, with counting clients injected.
    const pipeline = buildPipeline(config, ALL_RULES, {
      store: makeStore({
        tableName: config.TABLE_NAME,
        retentionDays: config.RETENTION_DAYS,
        client: counting(new DynamoDBClient({}), counts, 'dynamodb'),
      }),
      publisher: sns.makePublisher({
        topicArn: config.TOPIC_ARN,
        client: counting(new SNSClient({}), counts, 'sns'),
      }),
    });
    const handler = makeCloudTrailHandler(pipeline, { timeoutEarlyInMillis: 0 });
    const context = ctx.lambdaContext('detect-use');
    const total: number[] = [];
    const own: number[] = [];
    const calls: number[] = [];
    for (const [i, text] of options.events.entries()) {
      const before = counts.dynamodb + counts.sns;
      let started = performance.now();
      await handler(JSON.parse(text), context);
      const handlerMs = performance.now() - started;
      const made = counts.dynamodb + counts.sns - before;
      started = performance.now();
      rules.analyzeRecord(schema.parseEnvelope(JSON.parse(text)).detail, pipeline.context, ALL_RULES);
      const ownMs = performance.now() - started;
      if (i < options.warmup) continue;
      total.push(handlerMs);
      own.push(ownMs);
      calls.push(made);
    }
    return {
      p50: percentile(total, 50),
      p99: percentile(total, 99),
      ownP99: percentile(own, 99),
      calls: summarise(calls),
      perEvent: calls.reduce((a, b) => a + b, 0) / calls.length,
      n: total.length,
    };
  } finally {
    await stack.stop();
  }
}
