import { mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Command, InvalidArgumentError, Option } from 'commander';
import { makeEventBridge } from '../lib/aws/eventbridge.ts';
import { makeSecurityHub } from '../lib/aws/securityhub.ts';
import { makeSts } from '../lib/aws/sts.ts';
import { toEventEntries } from '../lib/channels/events.ts';
import { UsageError } from '../lib/cli/errors.ts';
import { type CliConfig, loadCliConfig } from '../lib/config.ts';
import { changeStatus, findIncident, loadCase, type StatusAction } from '../lib/incidents/cases.ts';
import { callsCsv, incidentsCsv } from '../lib/incidents/csv.ts';
import { formatCase, formatList, statusText } from '../lib/incidents/format.ts';
import type { IncidentState, IncidentStatus } from '../lib/incidents/model.ts';
import {
  CaseInputError,
  type IncidentFilter,
  parseIncidentId,
  parseSince,
  STATUSES,
  selectIncidents,
  summaryOf,
} from '../lib/incidents/query.ts';
import { renderReport } from '../lib/incidents/report.ts';
import { makeStore } from '../lib/store/dynamo.ts';
import { stageTableName } from '../lib/store/table.ts';
import type { CommandContext } from './commands.ts';
import { keepContract } from './contract.ts';

/** What the incident commands touch outside the process; tests replace any of it. */
export interface IncidentCliDeps {
  stdout: (text: string) => void;
  env: NodeJS.ProcessEnv;
  dynamo: (config: CliConfig) => DynamoDBClient;
  /** Who is acting: the caller's AWS identity, or the OS user against a local DynamoDB. */
  who: (config: CliConfig) => Promise<string>;
  now: () => number;
  writeFile: (path: string, text: string) => void;
  /** Marks the incident's Security Hub findings RESOLVED; undefined when Security Hub is not configured. */
  resolveFindings: (config: CliConfig, incidentId: string, note: string) => Promise<number | undefined>;
  /** Puts a `Honeytrail Incident Changed` event on the bus; false when no bus is configured. */
  announce: (config: CliConfig, incident: IncidentState) => Promise<boolean>;
}

export const defaultIncidentDeps = (stdout: (text: string) => void): IncidentCliDeps => ({
  stdout,
  env: process.env,
  dynamo: () => new DynamoDBClient({ maxAttempts: 2 }),
  who: async (config) =>
    config.AWS_ENDPOINT_URL_DYNAMODB ? `local:${userInfo().username}` : makeSts().callerArn(),
  now: Date.now,
  writeFile: (path, text) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  },
  announce: async (config, incident) => {
    if (!config.EVENT_BUS_NAME) return false;
    const notice = { notice: 'update' as const, incident, at: new Date().toISOString() };
    await makeEventBridge().putEvents(toEventEntries(notice, { busName: config.EVENT_BUS_NAME }));
    return true;
  },
  resolveFindings: async (config, incidentId, note) =>
    config.SECURITY_HUB_PRODUCT_ARN
      ? makeSecurityHub().resolveIncident(config.SECURITY_HUB_PRODUCT_ARN, incidentId, note)
      : undefined,
});

interface TargetOptions {
  stage?: string;
}

const STAGE = /^[a-zA-Z0-9-]{1,40}$/;

function target(deps: IncidentCliDeps, options: TargetOptions) {
  const config = loadCliConfig(deps.env);
  if (options.stage !== undefined && !STAGE.test(options.stage)) {
    throw new UsageError(`--stage: "${options.stage.slice(0, 40)}" is not a stage name (letters, digits, -)`);
  }
  const tableName = options.stage ? stageTableName(options.stage) : config.TABLE_NAME;
  if (!tableName) throw new UsageError('which table? pass --stage NAME or set TABLE_NAME');
  const store = makeStore({ tableName, retentionDays: 365, client: deps.dynamo(config), now: deps.now });
  return { config, store, where: `table ${tableName}` };
}

/** Bad input found by the pure modules, and a missing table, are usage errors: one line, exit 2. */
function run<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      if (error instanceof CaseInputError) throw new UsageError(error.message, { cause: error });
      if (error instanceof Error && error.name === 'ResourceNotFoundException') {
        throw new UsageError(`table not found (check --stage, TABLE_NAME and AWS_REGION): ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
  };
}

const stageOption = () =>
  new Option('--stage <name>', 'deployed stage whose table to read (default: TABLE_NAME)');

function nonNegative(value: string): number {
  if (!/^\d{1,7}$/.test(value))
    throw new InvalidArgumentError('expected a whole number (0 shows everything).');
  return Number(value);
}

interface FilterOptions extends TargetOptions {
  state?: IncidentStatus;
  decoy?: string;
  since?: string;
}

const filterOptions = (command: Command) =>
  command
    .addOption(new Option('--state <state>', 'only incidents in this state').choices(STATUSES))
    .option('--decoy <name>', 'only incidents of this decoy (IAM user name)')
    .option('--since <date>', 'only incidents active since: 2026-11-20, 2026-11-20T08:00:00Z, 30m, 24h or 7d')
    .addOption(stageOption());

function filterFrom(options: FilterOptions, now: number): IncidentFilter {
  const filter: IncidentFilter = {};
  if (options.state) filter.state = options.state;
  if (options.decoy) filter.decoy = options.decoy;
  if (options.since !== undefined) filter.since = parseSince(options.since, now);
  return filter;
}

async function selected(deps: IncidentCliDeps, options: FilterOptions) {
  const filter = filterFrom(options, deps.now());
  const { store } = target(deps, options);
  return selectIncidents(
    (await store.incidents.list()).map((s) => s.state),
    filter,
  );
}

async function openCase(deps: IncidentCliDeps, id: string, options: TargetOptions) {
  const incidentId = parseIncidentId(id);
  const { store, where } = target(deps, options);
  const found = await findIncident(store, incidentId, where);
  return loadCase(store, found.state);
}

function statusCommand(group: Command, deps: IncidentCliDeps, action: StatusAction): void {
  const command = group
    .command(action)
    .description(action === 'ack' ? 'acknowledge an open incident: someone is on it' : 'resolve an incident')
    .argument('<ID>', 'incident ID, e.g. HT-7K3M-Q2XD')
    .addOption(stageOption());
  if (action === 'resolve') command.requiredOption('--note <text>', 'what was found and done');
  else command.option('--note <text>', 'optional note');
  command.action(
    run(async (id: string, options: TargetOptions & { note?: string }) => {
      const incidentId = parseIncidentId(id);
      if (options.note !== undefined && !options.note.trim())
        throw new UsageError('--note: the note is empty');
      const { config, store, where } = target(deps, options);
      const found = await findIncident(store, incidentId, where);
      const by = await deps.who(config);
      const after = await changeStatus(store, found, {
        action,
        by,
        ...(options.note ? { note: options.note } : {}),
      });
      deps.stdout(`${after.id} ${statusText(after)}\n`);
      if (await deps.announce(config, after))
        deps.stdout(`EventBridge: Honeytrail Incident Changed sent for ${after.id}\n`);
      if (action === 'resolve') {
        const resolved = await deps.resolveFindings(config, after.id, options.note ?? '');
        if (resolved !== undefined)
          deps.stdout(`Security Hub: ${resolved} finding(s) of ${after.id} set to RESOLVED\n`);
      }
    }),
  );
}

/** `honeytrail incidents ...`, added with `program.command()` so it inherits the root's output and exit handling. */
export function addIncidents(program: Command, deps: IncidentCliDeps): void {
  const group = program
    .command('incidents')
    .description('work the case: list, show, acknowledge, resolve, export, report');

  filterOptions(
    group.command('list').description('incidents, open ones first, the most recent first within each state'),
  )
    .option('--json', 'one JSON object per incident per line', false)
    .action(
      run(async (options: FilterOptions & { json: boolean }) => {
        const incidents = await selected(deps, options);
        if (options.json) deps.stdout(incidents.map((i) => `${JSON.stringify(summaryOf(i))}\n`).join(''));
        else deps.stdout(formatList(incidents));
      }),
    );

  group
    .command('show')
    .description(
      'the summary of one incident, then its calls: result, source, tool, verdict, mailed or held back',
    )
    .argument('<ID>', 'incident ID, e.g. HT-7K3M-Q2XD')
    .option('--limit <n>', 'calls shown in the timeline (0: all)', nonNegative, 200)
    .option('--json', 'the summary and every call as one JSON object', false)
    .addOption(stageOption())
    .action(
      run(async (id: string, options: TargetOptions & { limit: number; json: boolean }) => {
        const found = await openCase(deps, id, options);
        if (options.json)
          deps.stdout(
            `${JSON.stringify({ incident: summaryOf(found.incident), timeline: found.timeline })}\n`,
          );
        else deps.stdout(formatCase(found, options.limit));
      }),
    );

  statusCommand(group, deps, 'ack');
  statusCommand(group, deps, 'resolve');

  filterOptions(
    group
      .command('export')
      .description('incidents (one row each) or, given an ID, the calls of one incident, as JSON or CSV')
      .argument('[ID]', 'export the calls of this incident instead'),
  )
    .addOption(
      new Option('--format <format>', 'output format').choices(['json', 'csv']).makeOptionMandatory(),
    )
    .action(
      run(async (id: string | undefined, options: FilterOptions & { format: 'json' | 'csv' }) => {
        if (id !== undefined) {
          if (options.state || options.decoy || options.since !== undefined) {
            throw new UsageError('--state, --decoy and --since select incidents; with an ID, leave them out');
          }
          const found = await openCase(deps, id, options);
          deps.stdout(
            options.format === 'csv'
              ? callsCsv(found)
              : `${JSON.stringify({ incident: summaryOf(found.incident), timeline: found.timeline }, null, 2)}\n`,
          );
          return;
        }
        const incidents = await selected(deps, options);
        deps.stdout(
          options.format === 'csv'
            ? incidentsCsv(incidents)
            : `${JSON.stringify(incidents.map(summaryOf), null, 2)}\n`,
        );
      }),
    );

  group
    .command('report')
    .description('one self-contained HTML page for an incident: timeline picture, sources, tools, next steps')
    .argument('<ID>', 'incident ID, e.g. HT-7K3M-Q2XD')
    .requiredOption('--out <file>', 'the HTML file to write')
    .addOption(stageOption())
    .action(
      run(async (id: string, options: TargetOptions & { out: string }) => {
        const found = await openCase(deps, id, options);
        deps.writeFile(options.out, renderReport(found, new Date(deps.now()).toISOString()));
        deps.stdout(`Wrote ${options.out} (incident ${found.incident.id}, ${found.timeline.length} calls)\n`);
      }),
    );
}

/** The `incidents` group as main's command list loads it: built under a root that keeps the CLI contract. */
export function incidentsCommand({ io }: CommandContext): Command {
  const root = keepContract(new Command('honeytrail'), io);
  addIncidents(root, defaultIncidentDeps(io.stdout));
  const [group] = root.commands;
  if (!group) throw new Error('incidents command group missing');
  return group;
}
