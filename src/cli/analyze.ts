import { Command } from 'commander';
import { runAnalyze } from '../lib/cli/run-analyze.ts';
import type { CommandContext } from './commands.ts';

/** `honeytrail analyze PATH...`: the offline pipeline over files. Its summary is in commands.ts. */
export function analyzeCommand(context: CommandContext): Command {
  return new Command('analyze')
    .argument(
      '<PATH...>',
      'files or folders; a file holds one record, an EventBridge event or a {"Records":[...]} log file, optionally .gz',
    )
    .option('--decoys <FILE>', 'decoy registry to read', './decoys.yml')
    .option('--json', 'print one JSON object per event per line instead of a table', false)
    .addHelpText(
      'after',
      `
Exit codes: 0 when every file was read (even if some events were invalid: they are reported in the
output); 2 for a wrong command line, an unreadable or missing PATH, or an unusable decoys file.`,
    )
    .action((paths: string[], options: { decoys: string; json: boolean }) => {
      runAnalyze(paths, options, { write: context.io.stdout });
    });
}
