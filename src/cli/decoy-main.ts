import { runDecoyCli } from './decoy.ts';

// Stand-alone entry for this branch: `tsx src/cli/decoy-main.ts decoy create ...`.
process.exitCode = await runDecoyCli(process.argv.slice(2));
