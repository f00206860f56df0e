import { Command, CommanderError } from 'commander';
import { InputError, UsageError } from '../lib/cli/errors.ts';
import { runAnalyze } from '../lib/cli/run-analyze.ts';
import { EventValidationError, RegistryError } from '../lib/errors.ts';
import { decoyCommand } from './decoy.ts';
import { addIncidents, defaultIncidentDeps } from './incidents.ts';

export const EXIT_OK = 0;
export const EXIT_USAGE = 2;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function oneLine(message: string): string {
  return message
    .replace(/\s+/g, ' ')
    .replace(/^error:\s*/i, '')
    .trim();
}

function addAnalyze(program: Command, io: Io): void {
  program
    .command('analyze')
    .description('Run decoy detection and enrichment offline over recorded CloudTrail events (no AWS calls).')
    .argument(
      '<PATH...>',
      'files or folders; a file holds one record, an EventBridge event or a {"Records":[...]} log file, optionally .gz',
    )
    .option('--decoys <FILE>', 'decoy registry', './decoys.yml')
    .option('--json', 'one JSON object per event per line instead of a table', false)
    .addHelpText(
      'after',
      '\nExit codes: 0 when every file was read (even if some events were invalid); 2 for usage errors,\nunreadable or missing paths, or a bad decoys file.',
    )
    .action((paths: string[], options: { decoys: string; json: boolean }) => {
      runAnalyze(paths, options, { write: io.stdout });
    });
}

/** The `honeytrail` command tree. `setExitCode` lets a subcommand report drift or failure (exit 1). */
export function buildProgram(io: Io = processIo, setExitCode: (code: number) => void = () => {}): Command {
  const program = new Command('honeytrail')
    .description('Detect use of stolen AWS decoy credentials (honeytokens).')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (message, write) => write(`honeytrail: ${oneLine(message)}\n`),
    });
  // Subcommands inherit exitOverride and the output settings from here.
  addAnalyze(program, io);
  program.addCommand(decoyCommand({ stdout: io.stdout, stderr: io.stderr, setExitCode }));
  addIncidents(program, defaultIncidentDeps(io.stdout));
  return program;
}

/** Parses argv (as process.argv) and runs the command. Returns the exit code; never throws. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode = EXIT_OK;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  if (argv.length <= 2) {
    io.stderr(`${program.helpInformation()}`);
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed the one-line message (or the help text).
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (
      error instanceof UsageError ||
      error instanceof InputError ||
      error instanceof RegistryError ||
      error instanceof EventValidationError
    ) {
      io.stderr(`honeytrail: ${oneLine(error.message)}\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`honeytrail: unexpected error: ${oneLine(message)}\n`);
    return 1;
  }
}
