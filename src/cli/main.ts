import { Command, CommanderError } from 'commander';
import { InputError, UsageError } from '../lib/cli/errors.ts';
import { EventValidationError, RegistryError } from '../lib/errors.ts';
import { analyzeCommand } from './analyze-command.ts';
import { decoyCommand } from './decoy.ts';
import { huntCommand } from './hunt-command.ts';

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
  program.addCommand(
    analyzeCommand({ stdout: io.stdout, stderr: io.stderr, setExitCode }).copyInheritedSettings(program),
  );
  program.addCommand(
    huntCommand({ stdout: io.stdout, stderr: io.stderr, setExitCode }).copyInheritedSettings(program),
  );
  program.addCommand(decoyCommand({ stdout: io.stdout, stderr: io.stderr, setExitCode }));
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
