import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { nameFailedCalls } from '../lib/aws/errors.ts';
import { type CliConfig, loadCliConfig } from '../lib/config.ts';
import { cryptoRandom, type Random } from '../lib/decoys/names.ts';
import { csvList } from '../lib/validate/hooks.ts';
import { keepContract } from './contract.ts';

export { EXIT, guarded } from './contract.ts';

/** Everything the decoy commands touch outside the process. Clients are built on first use, once. */
export interface DecoyCliDeps {
  iam: () => IAMClient;
  cloudTrail: () => CloudTrailClient;
  eventBridge: () => EventBridgeClient;
  dynamo: () => DynamoDBClient;
  env: Record<string, string | undefined>;
  /** The environment, read once through the CLI schema. */
  config: CliConfig;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  random: Random;
  now: () => Date;
  setExitCode: (code: number) => void;
}

export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

function named<C extends Parameters<typeof nameFailedCalls>[0]>(client: C): C {
  nameFailedCalls(client);
  return client;
}

export function defaults(env: Record<string, string | undefined>): DecoyCliDeps {
  const config = loadCliConfig(env);
  return {
    config,
    // IAM is global; without a region configured the SDK would refuse to start.
    // Every failed call names its service and call (nameFailedCalls).
    iam: () => named(new IAMClient(config.AWS_REGION ? {} : { region: 'us-east-1' })),
    cloudTrail: () => named(new CloudTrailClient({})),
    eventBridge: () => named(new EventBridgeClient({})),
    dynamo: () => named(new DynamoDBClient({ maxAttempts: 2 })),
    env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    random: cryptoRandom,
    now: () => new Date(),
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}

/** `--rules a,b`: the same comma-list reading as the environment's lists. */
export const csv = csvList;

export function accountId(value: string): string {
  if (!/^\d{12}$/.test(value)) throw new InvalidArgumentError('expected a 12-digit AWS account ID.');
  return value;
}

/** The shared command contract (contract.ts), with this group's output. */
export function behave(command: Command, deps: DecoyCliDeps): Command {
  return keepContract(command, deps);
}

/** `--decoys`: the commands that only read the registry say so. */
export const DECOYS_OPTION = (use: 'read' | 'update' = 'read') =>
  new Option(
    '--decoys <file>',
    use === 'read' ? 'decoy registry to read' : 'decoy registry to read and add to or remove from',
  ).default('decoys.yml');
