import { Command, InvalidArgumentError, Option } from 'commander';
import { type AnalyzeOptions, runAnalyze } from '../lib/cli/run-analyze.ts';
import type { CommandContext } from './commands.ts';

/** What the analyze and hunt commands write to, and how they report exit code 1. */
export interface AnalyzeCliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  setExitCode(code: number): void;
}

export const cliIo = (context: CommandContext): AnalyzeCliIo => ({
  stdout: context.io.stdout,
  stderr: context.io.stderr,
  setExitCode: context.setExitCode,
});

export const workerCount = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new InvalidArgumentError('expected 0 to 64');
  return n;
};

/** Options shared by `analyze` and `hunt athena`: what the detector knows and how output looks. */
export function addPipelineOptions(command: Command): Command {
  return command
    .option('--decoys <FILE>', 'decoy registry', './decoys.yml')
    .option('--json', 'one JSON object per reported event per line, then one summary line', false)
    .option('--all', 'also report events without a detection, each with its actor', false)
    .option('--stage <NAME>', "derive honeytrail's own resource names for this stage (detector-tamper)")
    .option('--trail <NAME>', 'the CloudTrail trail honeytrail depends on (default: every trail counts)')
    .option('--home-region <REGION>', "the home stack's region, for the alert topic ARN", 'us-east-1')
    .option('--progress', 'show progress on stderr even when it is not a terminal', false)
    .option('--quiet', 'no progress on stderr', false);
}

export interface PipelineFlags {
  decoys: string;
  json: boolean;
  all: boolean;
  stage?: string;
  trail?: string;
  homeRegion: string;
  progress: boolean;
  quiet: boolean;
  workers?: number;
}

export function pipelineOptions(flags: PipelineFlags): AnalyzeOptions {
  return {
    decoys: flags.decoys,
    json: flags.json,
    all: flags.all,
    homeRegion: flags.homeRegion,
    progress: flags.progress,
    quiet: flags.quiet,
    ...(flags.stage ? { stage: flags.stage } : {}),
    ...(flags.trail ? { trail: flags.trail } : {}),
    ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
  };
}

/** `honeytrail analyze PATH...`: the streaming retro-hunt. Its summary is in commands.ts. */
export function analyzeCommand(context: CommandContext): Command {
  const io = cliIo(context);
  const command = new Command('analyze')
    .description(
      'Run decoy detection offline over CloudTrail records: files, folders, s3://bucket/prefix/ or - (stdin). No AWS calls except S3 reads.',
    )
    .argument(
      '<PATH...>',
      'files, folders, s3://bucket/prefix/ or -; a file holds a record, an EventBridge event or a {"Records":[...]} log file, optionally gzipped',
    );
  addPipelineOptions(command).addOption(
    new Option(
      '--workers <N>',
      'worker threads (0: read in the main thread); default one per core',
    ).argParser(workerCount),
  );
  return command
    .addHelpText(
      'after',
      `
Environment: HONEYTRAIL_RULE_NAMES, HONEYTRAIL_RULE_PREFIXES, HONEYTRAIL_FUNCTION_NAMES, TOPIC_ARN,
TABLE_NAME and TRAIL_NAME name the detector's resources as the Lambda functions get them;
AWS_ENDPOINT_URL_S3 points s3:// inputs at another endpoint.

Exit codes: 0 every input was read (invalid events are reported, not failures); 1 some input could
not be read (missing, unreadable, truncated gzip, S3 error: one line each on stderr); 2 usage error
or a bad decoys file.`,
    )
    .action(async (paths: string[], flags: PipelineFlags) => {
      const run = await runAnalyze(paths, pipelineOptions(flags), {
        stdout: io.stdout,
        stderr: io.stderr,
        stdin: process.stdin,
        stderrIsTTY: process.stderr.isTTY === true,
      });
      io.setExitCode(run.exitCode);
    });
}
