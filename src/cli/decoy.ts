import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { formatReport } from '../lib/audit/report.ts';
import { collectAudit } from '../lib/audit/run.ts';
import { makeCloudTrail } from '../lib/aws/cloudtrail.ts';
import { makeEventBridge } from '../lib/aws/eventbridge.ts';
import { makeIam } from '../lib/aws/iam.ts';
import { ARTIFACT_FORMATS, type ArtifactFormat } from '../lib/decoys/artifacts.ts';
import { type CreateResult, createDecoy, DecoyCreateError } from '../lib/decoys/create.ts';
import { loadRegistryFile } from '../lib/decoys/load.ts';
import {
  cryptoRandom,
  generateName,
  NAME_PROFILES,
  type NameProfile,
  type Random,
} from '../lib/decoys/names.ts';
import { retireDecoy } from '../lib/decoys/retire.ts';
import { decoyTable, lastDetections } from '../lib/decoys/table.ts';
import { makeAuditStore } from '../lib/store/audit.ts';
import { makeStore } from '../lib/store/dynamo.ts';
import { cleanText } from '../lib/text.ts';

/** Everything the decoy commands touch outside the process. Clients are built on first use, once. */
export interface DecoyCliDeps {
  iam: () => IAMClient;
  cloudTrail: () => CloudTrailClient;
  eventBridge: () => EventBridgeClient;
  dynamo: () => DynamoDBClient;
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  random: Random;
  now: () => Date;
  setExitCode: (code: number) => void;
}

/** Exit codes: 0 fine, 1 failure or drift found, 2 the command line was wrong. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

function defaults(env: Record<string, string | undefined>): DecoyCliDeps {
  return {
    // IAM is global; without a region configured the SDK would refuse to start.
    iam: () => new IAMClient(env.AWS_REGION ? {} : { region: 'us-east-1' }),
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

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();
const csv = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function accountId(value: string): string {
  if (!/^\d{12}$/.test(value)) throw new InvalidArgumentError('expected a 12-digit AWS account ID.');
  return value;
}

const USAGE_CODES = new Set(['commander.helpDisplayed', 'commander.version']);

/** Help exits 0; every other commander error is a usage error, exit 2, reported on one line. */
function behave(command: Command, deps: DecoyCliDeps): Command {
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
function guarded<A extends unknown[]>(deps: DecoyCliDeps, action: (...args: A) => Promise<void>) {
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

const DECOYS_OPTION = () =>
  new Option('--decoys <file>', 'decoy registry to read and update').default('decoys.yml');

interface CreateOptions {
  name?: string;
  profile?: NameProfile;
  placement: string;
  format: ArtifactFormat;
  out?: string;
  decoys: string;
  account?: string;
  profileName: string;
  region: string;
  force?: boolean;
}

function createCommand(deps: DecoyCliDeps, iam: () => ReturnType<typeof makeIam>): Command {
  const command = new Command('create')
    .description('create a decoy IAM user with one access key, print the bait, and add it to decoys.yml')
    .addOption(new Option('--name <user>', 'IAM user name to create').conflicts('profile'))
    .addOption(
      new Option('--profile <kind>', 'generate a realistic name for this kind of account').choices(
        NAME_PROFILES,
      ),
    )
    .requiredOption('--placement <where>', 'where the credentials will be planted (kept in decoys.yml)')
    .addOption(
      new Option('--format <format>', 'shape of the planted credentials')
        .choices(ARTIFACT_FORMATS)
        .default('credentials'),
    )
    .option('--out <file>', 'write the credentials to this file (mode 0600) instead of stdout')
    .addOption(DECOYS_OPTION())
    .option(
      '--account <id>',
      'expected AWS account ID; refuse and clean up if the credentials are for another',
      accountId,
    )
    .option('--profile-name <section>', 'section name in the credentials format', 'default')
    .option(
      '--region <region>',
      'region written into the env, dotenv, dockerfile and text formats',
      'us-east-1',
    )
    .option('--force', 'accept a name that would fingerprint the decoy; overwrite --out')
    .addHelpText(
      'after',
      `
IAM calls made: CreateUser and CreateAccessKey only (no path, tags, policies, groups or password).
The secret key appears only in the output; it is never logged or stored.

Examples:
  honeytrail decoy create --profile backup --placement "credentials.txt in repo acme/payments" --format text --out credentials.txt
  honeytrail decoy create --name ci-deploy-runner --placement "ENV in the build image Dockerfile" --format dockerfile`,
    );
  command.action(
    guarded(deps, async () => {
      const options = command.opts<CreateOptions>();
      if (!options.name && !options.profile) {
        command.error('error: give either --name <user> or --profile <kind>', {
          exitCode: EXIT.usage,
          code: 'honeytrail.usage',
        });
      }
      const request = (userName: string) => ({
        userName,
        placement: options.placement,
        format: options.format,
        decoysFile: options.decoys,
        ...(options.out ? { out: options.out } : {}),
        ...(options.account ? { accountId: options.account } : {}),
        profileName: options.profileName,
        region: options.region,
        force: options.force === true,
      });
      const io = { iam: iam(), emitArtifact: deps.stdout };
      let result: CreateResult | undefined;
      // A generated name may already be taken; nothing was created then, so another name is safe to try.
      for (let attempt = 1; !result; attempt += 1) {
        const userName = options.name ?? generateName(options.profile ?? 'ci', deps.random);
        try {
          result = await createDecoy(request(userName), io);
        } catch (error) {
          if (options.name || attempt >= 5 || !(error instanceof DecoyCreateError) || !error.nameTaken)
            throw error;
          deps.stderr(`${error.message}; trying another name.\n`);
        }
      }
      const say = (line: string) => deps.stderr(`${line}\n`);
      say(
        `Created IAM user ${result.userName} in account ${result.accountId} with access key ${result.accessKeyId}.`,
      );
      say(
        options.out
          ? `Wrote the ${options.format} credentials to ${options.out} (mode 0600).`
          : `Printed the ${options.format} credentials on stdout.`,
      );
      say(
        `${result.registryCreated ? 'Created' : 'Updated'} ${options.decoys}. The secret key is not kept anywhere else.`,
      );
      say(
        `Next: redeploy honeytrail so its EventBridge patterns include ${result.accessKeyId}, then plant it: ${options.placement}`,
      );
    }),
  );
  return command;
}

function listCommand(deps: DecoyCliDeps): Command {
  const command = new Command('list')
    .description(
      "show the decoy registry and, when DynamoDB is reachable (TABLE_NAME), each decoy's last detection",
    )
    .addOption(DECOYS_OPTION())
    .addHelpText(
      'after',
      `
Environment: TABLE_NAME (honeytrail's DynamoDB table) and the usual AWS credentials. Without them the
table is still printed, with "last detection: unavailable (reason)".`,
    );
  command.action(
    guarded(deps, async () => {
      const registry = loadRegistryFile(command.opts<{ decoys: string }>().decoys);
      const tableName = deps.env.TABLE_NAME;
      const store = tableName
        ? makeStore({ tableName, retentionDays: 365, client: deps.dynamo() })
        : undefined;
      const last = await lastDetections(registry.decoys, store, 'TABLE_NAME is not set');
      deps.stdout(decoyTable(registry.decoys, last));
    }),
  );
  return command;
}

interface RetireOptions {
  decoys: string;
  account?: string;
  rules?: string;
  skipDeployCheck?: boolean;
}

function retireCommand(
  deps: DecoyCliDeps,
  iam: () => ReturnType<typeof makeIam>,
  events: () => ReturnType<typeof makeEventBridge>,
): Command {
  const command = new Command('retire')
    .description(
      'retire a decoy in two runs: unlist it (then redeploy), then delete its keys and user in IAM',
    )
    .argument('<user>', 'IAM user name of the decoy')
    .addOption(DECOYS_OPTION())
    .option('--account <id>', 'account of the decoy, when the same name is listed for several', accountId)
    .option('--rules <names>', 'honeytrail rule names proving the redeploy (default: HONEYTRAIL_RULE_NAMES)')
    .option(
      '--skip-deploy-check',
      'delete in IAM without checking the deployed rules (may raise tamper alerts)',
    )
    .addHelpText(
      'after',
      `
Run 1 removes the decoy from decoys.yml and leaves a "# retiring:" marker; redeploy honeytrail.
Run 2 checks the deployed rules no longer match the decoy, then deactivates and deletes its keys
and deletes the user. Done in this order, honeytrail's tamper rules never see the deletion.`,
    );
  command.action(
    guarded(deps, async (user: string) => {
      const options = command.opts<RetireOptions>();
      await retireDecoy(
        {
          userName: user,
          decoysFile: options.decoys,
          ...(options.account ? { accountId: options.account } : {}),
          ruleNames: csv(options.rules ?? deps.env.HONEYTRAIL_RULE_NAMES),
          skipDeployCheck: options.skipDeployCheck === true,
          now: deps.now().toISOString(),
        },
        {
          iam: iam(),
          describeRule: (name) => events().describeRule(name),
          say: (line) => deps.stdout(`${line}\n`),
        },
      );
    }),
  );
  return command;
}

interface VerifyOptions {
  decoys: string;
  account?: string;
  trail?: string;
  rules?: string;
}

function verifyCommand(
  deps: DecoyCliDeps,
  iam: () => ReturnType<typeof makeIam>,
  events: () => ReturnType<typeof makeEventBridge>,
): Command {
  const command = new Command('verify')
    .description("audit decoys, the trail and honeytrail's rules now; exit 1 when anything drifted")
    .addOption(DECOYS_OPTION())
    .option(
      '--account <id>',
      'account the credentials belong to (default: the only account in decoys.yml)',
      accountId,
    )
    .option('--trail <name>', 'trail that must be logging (default: TRAIL_NAME, else any multi-region trail)')
    .option('--rules <names>', 'comma-separated honeytrail rule names (default: HONEYTRAIL_RULE_NAMES)')
    .addHelpText(
      'after',
      `
Checks every decoy (no policies, groups, boundary, console password or MFA; its keys exist and are
active; IAM's last use is not newer than honeytrail's last detection: needs TABLE_NAME), the trail
(logging, multi-region, read and write management events) and each rule's state.
Reads only and sends no alert; the scheduled audit function alerts on the same findings.
Exit codes: 0 no drift, 1 drift found or a failure, 2 a wrong command line.`,
    );
  command.action(
    guarded(deps, async () => {
      const options = command.opts<VerifyOptions>();
      const registry = loadRegistryFile(options.decoys);
      const accounts = [...new Set(registry.decoys.map((decoy) => decoy.accountId))];
      const account = options.account ?? (accounts.length === 1 ? accounts[0] : undefined);
      if (!account) {
        command.error(`error: decoys.yml spans ${accounts.length} accounts; say which with --account <id>`, {
          exitCode: EXIT.usage,
          code: 'honeytrail.usage',
        });
      }
      const tableName = deps.env.TABLE_NAME;
      const trail = options.trail ?? deps.env.TRAIL_NAME;
      const report = await collectAudit({
        registry,
        iam: iam(),
        cloudTrail: makeCloudTrail({ client: deps.cloudTrail() }),
        eventBridge: events(),
        ...(tableName
          ? { sightings: makeAuditStore({ tableName, retentionDays: 365, client: deps.dynamo() }) }
          : {}),
        accountId: account ?? '',
        region: deps.env.AWS_REGION ?? 'unknown',
        ...(trail ? { trailName: trail } : {}),
        ruleNames: csv(options.rules ?? deps.env.HONEYTRAIL_RULE_NAMES),
        now: deps.now,
      });
      deps.stdout(formatReport(report));
      if (report.findings.length) deps.setExitCode(EXIT.failure);
    }),
  );
  return command;
}

/** The `decoy` command group. Register it with `program.addCommand(decoyCommand())`. */
export function decoyCommand(overrides: Partial<DecoyCliDeps> = {}): Command {
  const deps: DecoyCliDeps = { ...defaults(overrides.env ?? process.env), ...overrides };
  const iam = once(() => makeIam({ client: deps.iam() }));
  const events = once(() => makeEventBridge({ client: deps.eventBridge() }));
  const group = behave(
    new Command('decoy').description('create, list, retire and verify decoy credentials'),
    deps,
  );
  for (const sub of [
    createCommand(deps, iam),
    listCommand(deps),
    retireCommand(deps, iam, events),
    verifyCommand(deps, iam, events),
  ]) {
    group.addCommand(behave(sub, deps));
  }
  return group;
}

/** Parses `argv` (without node and script) for a root `honeytrail` program; resolves to the exit code. */
export async function runDecoyCli(argv: string[], overrides: Partial<DecoyCliDeps> = {}): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExitCode = (code: number) => {
    exitCode = code;
    overrides.setExitCode?.(code);
  };
  const deps = { ...overrides, setExitCode };
  const stderr = overrides.stderr ?? ((text: string) => process.stderr.write(text));
  const stdout = overrides.stdout ?? ((text: string) => process.stdout.write(text));
  const program = behave(new Command('honeytrail'), { ...defaults(process.env), ...deps, stderr, stdout });
  program.description('honeytrail: decoy AWS credentials that catch thieves').addCommand(decoyCommand(deps));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }
  return exitCode;
}
