// Replays a honeytrail dead-letter queue (rules DLQ or failed-invocations queue) into the functions.
//   npm run replay-dlq -- --queue-url <url> [--dry-run] [--max 100] [--function <name or ARN>]
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Command, InvalidArgumentError } from 'commander';
import { makeInvoker } from '../src/lib/queue/invoke.ts';
import { replayQueue } from '../src/lib/queue/replay.ts';
import { makeQueue } from '../src/lib/queue/sqs.ts';

function positiveInt(value: string): number {
  const parsed = Number.parseInt(value, 10);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}

const program = new Command('replay-dlq')
  .description('Re-invoke the honeytrail function for each dead letter; delete a message only after success')
  .requiredOption(
    '--queue-url <url>',
    'the dead-letter queue (stack outputs RulesDeadLetterQueueUrl, FailedInvocationsQueueUrl)',
  )
  .option('--dry-run', 'list what would be replayed; invoke and delete nothing', false)
  .option('--max <count>', 'stop after this many messages', positiveInt, 100)
  .option('--function <name>', 'invoke this function instead of the one the message names')
  .option('--region <region>', 'AWS region of the queue and function (default: from the environment)')
  .parse();

const options = program.opts<{
  queueUrl: string;
  dryRun: boolean;
  max: number;
  function?: string;
  region?: string;
}>();
const clientConfig = options.region ? { region: options.region } : {};

const summary = await replayQueue({
  queue: makeQueue({ queueUrl: options.queueUrl, client: new SQSClient(clientConfig) }),
  invoker: makeInvoker({ client: new LambdaClient(clientConfig) }),
  dryRun: options.dryRun,
  max: options.max,
  ...(options.function ? { functionOverride: options.function } : {}),
  report: (line) => console.log(line),
});
console.log(JSON.stringify(summary));
if (summary.failed > 0 || summary.unreadable > 0) process.exitCode = 1;
