import { Command, CommanderError } from 'commander';
import { COMMANDS, type CommandGroup } from './commands.ts';
import {
  describeError,
  EXIT,
  errorLine,
  exitCodeFor,
  type Io,
  keepContract,
  processIo,
  withHelpCommand,
} from './contract.ts';
import { version } from './version.ts';

export { EXIT, type Io } from './contract.ts';

const ROOT_HELP = `
Run "honeytrail help <command>" or "honeytrail <command> --help" for a command's options.
Exit codes: 0 success; 1 findings (drift) or a failed AWS call or write, as each command documents;
2 a wrong command line or an unusable input file. "honeytrail" alone prints this help and exits 2.`;

/** The command groups this run needs: the one named on the command line (also after `help`). */
function wanted(argv: readonly string[], groups: readonly CommandGroup[]): CommandGroup[] {
  const words = argv.slice(2, 4);
  return groups.filter((group) => words.includes(group.name));
}

/**
 * The `honeytrail` command tree. Groups not used by this run are listed (for help and suggestions)
 * but not loaded.
 */
export async function buildProgram(
  argv: readonly string[],
  io: Io = processIo,
  setExitCode: (code: number) => void = () => {},
  groups: readonly CommandGroup[] = COMMANDS,
): Promise<Command> {
  const program = withHelpCommand(keepContract(new Command('honeytrail'), io))
    .description('Detect use of stolen AWS decoy credentials (honeytokens).')
    .version(version(), '-V, --version', 'print the honeytrail version and exit')
    .addHelpText('after', ROOT_HELP);
  const load = new Set(wanted(argv, groups));
  for (const group of groups) {
    if (load.has(group)) {
      const make = await group.load();
      // addCommand does not pass settings down: each group keeps the contract itself.
      program.addCommand(keepContract(make({ io, setExitCode }), io).description(group.summary));
    } else {
      program.command(group.name).description(group.summary);
    }
  }
  return program;
}

/** Parses argv (as process.argv) and runs the command. Returns the exit code; never throws. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  try {
    const program = await buildProgram(argv, io, (code) => {
      exitCode = code;
    });
    if (argv.length <= 2) {
      program.outputHelp({ error: true });
      return EXIT.usage;
    }
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    // Commander has printed its own message (or the help text) already.
    if (!(error instanceof CommanderError)) io.stderr(errorLine(describeError(error)));
    return exitCodeFor(error);
  }
}
