import { Command, CommanderError } from 'commander';
import { formatReport } from '../lib/audit/report.ts';
import { collectAudit } from '../lib/audit/run.ts';
import { makeCloudTrail } from '../lib/aws/cloudtrail.ts';
import { makeEventBridge } from '../lib/aws/eventbridge.ts';
import { makeIam } from '../lib/aws/iam.ts';
import { loadRegistryFile } from '../lib/decoys/load.ts';
import { retireDecoy } from '../lib/decoys/retire.ts';
import { decoyTable, lastDetections } from '../lib/decoys/table.ts';
import { makeAuditStore } from '../lib/store/audit.ts';
import { makeStore } from '../lib/store/dynamo.ts';
import { describeError, errorLine, exitCodeFor, withHelpCommand } from './contract.ts';
import { createCommand } from './decoy-create.ts';
import {
  accountId,
  behave,
  csv,
  DECOYS_OPTION,
  type DecoyCliDeps,
  defaults,
  EXIT,
  guarded,
  once,
} from './decoy-shared.ts';

export { type DecoyCliDeps, EXIT } from './decoy-shared.ts';

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
      const tableName = deps.config.TABLE_NAME;
      const store = tableName
        ? makeStore({ tableName, retentionDays: 365, client: deps.dynamo() })
        : undefined;
      const last = await lastDetections(registry.decoys, store?.detections, 'TABLE_NAME is not set');
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
    .addOption(DECOYS_OPTION('update'))
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
          ruleNames: options.rules ? csv(options.rules) : deps.config.HONEYTRAIL_RULE_NAMES,
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
        command.error(`${options.decoys} spans ${accounts.length} accounts; say which with --account <id>`, {
          exitCode: EXIT.usage,
          code: 'honeytrail.usage',
        });
      }
      const tableName = deps.config.TABLE_NAME;
      const trail = options.trail ?? deps.config.TRAIL_NAME;
      const report = await collectAudit({
        registry,
        iam: iam(),
        cloudTrail: makeCloudTrail({ client: deps.cloudTrail() }),
        eventBridge: events(),
        ...(tableName
          ? { sightings: makeAuditStore({ tableName, retentionDays: 365, client: deps.dynamo() }) }
          : {}),
        accountId: account ?? '',
        region: deps.config.AWS_REGION ?? 'unknown',
        ...(trail ? { trailName: trail } : {}),
        ruleNames: options.rules ? csv(options.rules) : deps.config.HONEYTRAIL_RULE_NAMES,
        now: deps.now,
      });
      deps.stdout(formatReport(report));
      if (report.findings.length) deps.setExitCode(EXIT.failure);
    }),
  );
  return command;
}

const DECOY_EXIT_CODES = `
Exit codes: 0 success; 1 drift found (verify) or a failed AWS call or file write; 2 a wrong command
line or an unusable decoys file. "honeytrail decoy" alone prints this help and exits 2.`;

/** The `decoy` command group (its summary is in commands.ts). Register it with `program.addCommand(decoyCommand())`. */
export function decoyCommand(overrides: Partial<DecoyCliDeps> = {}): Command {
  const deps: DecoyCliDeps = { ...defaults(overrides.env ?? process.env), ...overrides };
  const iam = once(() => makeIam({ client: deps.iam() }));
  const events = once(() => makeEventBridge({ client: deps.eventBridge() }));
  const group = behave(withHelpCommand(new Command('decoy')).addHelpText('after', DECOY_EXIT_CODES), deps);
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
    // Commander has printed its own message; anything else gets the one error line.
    if (!(error instanceof CommanderError)) stderr(errorLine(describeError(error)));
    return exitCodeFor(error);
  }
  return exitCode;
}
