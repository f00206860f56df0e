import type { Command } from 'commander';
import type { Io } from './contract.ts';

/** What a command group gets from main: its output, and a way to report exit code 1. */
export interface CommandContext {
  io: Io;
  setExitCode(code: number): void;
}

/**
 * One `honeytrail <name>` command group. `load` is a dynamic import, so a run pays only for the
 * group it uses (`honeytrail --version` loads none, and no AWS SDK).
 */
export interface CommandGroup {
  name: string;
  summary: string;
  load(): Promise<(context: CommandContext) => Command>;
}

/** Every command group. To add one, add an entry here: main.ts needs no change. */
export const COMMANDS: readonly CommandGroup[] = [
  {
    name: 'analyze',
    summary: 'retro-hunt: run decoy detection offline over CloudTrail files, folders, S3 prefixes or stdin',
    load: async () => (await import('./analyze.ts')).analyzeCommand,
  },
  {
    name: 'hunt',
    summary:
      'retro-hunt past one machine: the Athena query (and table) for every record that could produce a detection',
    load: async () => (await import('./hunt-command.ts')).huntCommand,
  },
  {
    name: 'decoy',
    summary: 'create, list, retire and verify decoy credentials',
    load: async () => {
      const { decoyCommand } = await import('./decoy.ts');
      return ({ io, setExitCode }) => decoyCommand({ stdout: io.stdout, stderr: io.stderr, setExitCode });
    },
  },
  {
    name: 'incidents',
    summary: 'work the case: list, show, acknowledge, resolve, export, report',
    load: async () => (await import('./incidents.ts')).incidentsCommand,
  },
];
