import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { type Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { type CliConfig, loadCliConfig } from '../lib/config.ts';
import { cryptoRandom, type Random } from '../lib/decoys/names.ts';
import { cleanText } from '../lib/text.ts';

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

/** Exit codes: 0 fine, 1 failure or drift found, 2 the command line was wrong. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

export function defaults(env: Record<string, string | undefined>): DecoyCliDeps {
  const config = loadCliConfig(env);
  return {
    config,
    // IAM is global; without a region configured the SDK would refuse to start.
    iam: () => new IAMClient(config.AWS_REGION ? {} : { region: 'us-east-1' }),
    cloudTrail: () => new CloudTrailClient({}),
    eventBridge: () => new EventBridgeClient({}),
    dynamo: () => new DynamoDBClient({ maxAttempts: 2 }),
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

export const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();
export const csv = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function accountId(value: string): string {
  if (!/^\d{12}$/.test(value)) throw new InvalidArgumentError('expected a 12-digit AWS account ID.');
  return value;
}

const USAGE_CODES = new Set(['commander.helpDisplayed', 'commander.version']);

/** Help exits 0; every other commander error is a usage error, exit 2, reported on one line. */
export function behave(command: Command, deps: DecoyCliDeps): Command {
  return command
    .exitOverride((error) => {
      const code = USAGE_CODES.has(error.code) || error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      throw new CommanderError(code, error.code, error.message);
    })
    .configureOutput({
      writeOut: deps.stdout,
      writeErr: deps.stderr,
      outputError: (message, write) => write(`${oneLine(message)} (see --help)\n`),
    })
    .showSuggestionAfterError(true);
}

/** Runs an action; a failure becomes one "error:" line and exit 1. Usage errors pass through. */
export function guarded<A extends unknown[]>(deps: DecoyCliDeps, action: (...args: A) => Promise<void>) {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      if (error instanceof CommanderError) throw error;
      deps.stderr(`error: ${oneLine(cleanText((error as Error).message, 2000))}\n`);
      deps.setExitCode(EXIT.failure);
    }
  };
}

export const DECOYS_OPTION = () =>
  new Option('--decoys <file>', 'decoy registry to read and update').default('decoys.yml');
