/**
 * The contract every `honeytrail` command keeps, in one place for every command group to reuse:
 * - exit 0 on success; 1 when the command found something (drift) or the world failed (an AWS
 *   call, a write); 2 when the command line, or a file it names, is wrong
 * - errors are one line on stderr, prefixed `honeytrail:`, and say what to do about them
 * - help asked for (`help`, `--help`) goes to stdout and exits 0; help shown because a command was
 *   left incomplete (`honeytrail`, `honeytrail decoy`) goes to stderr and exits 2
 */
import { type Command, CommanderError } from 'commander';
import { InputError, UsageError } from '../lib/cli/errors.ts';
import { ConfigError, EventValidationError, RegistryError } from '../lib/errors.ts';
import { cleanText } from '../lib/text.ts';

export { InputError, UsageError };

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const PREFIX = 'honeytrail:';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Commander's own messages start with "error:"; ours carry the one prefix instead. */
export function oneLine(message: string): string {
  return message
    .replace(/\s+/g, ' ')
    .replace(/^error:\s*/i, '')
    .trim();
}

/** `honeytrail: <message>` on one line, control characters removed. */
export function errorLine(message: string): string {
  return `${PREFIX} ${oneLine(cleanText(message, 2000))}\n`;
}

/** Errors about what the user typed or pointed at: fix the command line or the file, exit 2. */
const USAGE_ERRORS = [UsageError, InputError, RegistryError, EventValidationError, ConfigError];

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CommanderError) {
    if (
      error.exitCode === 0 ||
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version'
    ) {
      return EXIT.ok;
    }
    return EXIT.usage;
  }
  return USAGE_ERRORS.some((kind) => error instanceof kind) ? EXIT.usage : EXIT.failure;
}

/** The message to print for an error that is not commander's (commander prints its own). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Applies the contract to a command and, through inheritance, to the subcommands added after:
 * commander throws instead of exiting, and prints its errors as `honeytrail: ... (see --help)`.
 */
export function keepContract(command: Command, io: Io): Command {
  return command
    .exitOverride()
    .helpOption('-h, --help', 'print this help and exit')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (message, write) => write(`${PREFIX} ${oneLine(message)} (see --help)\n`),
    });
}

/** For a command group: `<group> help [command]` works like `--help`. */
export function withHelpCommand(group: Command): Command {
  return group.helpCommand('help [command]', 'print the help of a command and exit');
}

/**
 * Runs an action and turns any error into one `honeytrail:` line and the contract's exit code.
 * Commander's own errors pass through to the caller, which knows it printed them already.
 */
export function guarded<A extends unknown[]>(
  io: Pick<Io, 'stderr'> & { setExitCode(code: number): void },
  action: (...args: A) => Promise<void> | void,
) {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (error) {
      if (error instanceof CommanderError) throw error;
      io.stderr(errorLine(describeError(error)));
      io.setExitCode(exitCodeFor(error));
    }
  };
}
