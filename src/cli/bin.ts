// Entry of the compiled CLI (dist/cli/honeytrail.mjs, built by scripts/build-cli.mjs); bin/honeytrail runs it.
import { main } from './main.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// A closed pipe (`| head`) is a normal way to stop reading output, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv);
