import { Command } from 'commander';
import { athenaDdl, DEFAULT_REGIONS } from '../lib/hunt/athena-ddl.ts';
import { huntAthena } from '../lib/hunt/command.ts';
import {
  type AnalyzeCliIo,
  addPipelineOptions,
  cliIo,
  type PipelineFlags,
  pipelineOptions,
} from './analyze.ts';
import type { CommandContext } from './commands.ts';
import { keepContract } from './contract.ts';

interface AthenaFlags extends PipelineFlags {
  since?: string;
  table: string;
  run: boolean;
  database?: string;
  workgroup?: string;
  outputLocation?: string;
  location: string;
}

function athenaCommand(io: AnalyzeCliIo): Command {
  const command = new Command('athena').description(
    'Print the Athena SQL that selects every CloudTrail record that could produce a detection (and the table DDL); --run executes it and analyses the rows.',
  );
  addPipelineOptions(command)
    .option('--since <DATE>', 'only scan partitions from this day on (YYYY-MM-DD)')
    .option('--table <NAME>', 'the CloudTrail table', 'cloudtrail_logs_pp')
    .option('--run', 'run the query with Athena and analyse the rows', false)
    .option('--database <NAME>', 'Athena database of the table')
    .option('--workgroup <NAME>', 'Athena workgroup')
    .option('--output-location <S3URL>', 'where Athena writes results, unless the workgroup sets it')
    .option(
      '--location <S3URL>',
      'for the DDL: the CloudTrail prefix, s3://bucket/AWSLogs/<account-id>/CloudTrail',
      's3://<bucket>/AWSLogs/<account-id>/CloudTrail',
    );
  return command.action(async (flags: AthenaFlags) => {
    if (!flags.run) {
      const from = (flags.since ?? '2020-01-01').replace(/-/g, '/');
      io.stdout(athenaDdl({ table: flags.table, location: flags.location, regions: DEFAULT_REGIONS, from }));
      io.stdout('\n');
    }
    const code = await huntAthena(
      {
        ...pipelineOptions(flags),
        table: flags.table,
        run: flags.run,
        ...(flags.since ? { since: flags.since } : {}),
        ...(flags.database ? { database: flags.database } : {}),
        ...(flags.workgroup ? { workgroup: flags.workgroup } : {}),
        ...(flags.outputLocation ? { outputLocation: flags.outputLocation } : {}),
      },
      { stdout: io.stdout, stderr: io.stderr, stderrIsTTY: process.stderr.isTTY === true },
    );
    io.setExitCode(code);
  });
}

/** `honeytrail hunt athena`: the retro-hunt where the archive lives. Its summary is in commands.ts. */
export function huntCommand(context: CommandContext): Command {
  return new Command('hunt').addCommand(keepContract(athenaCommand(cliIo(context)), context.io));
}
