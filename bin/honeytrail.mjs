#!/usr/bin/env node
// Runs the TypeScript CLI straight from source through tsx, so `npx honeytrail` works after `npm ci`.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// A closed pipe (`| head`) is a normal way to stop reading output, not a crash.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const { register } = await import('tsx/esm/api');
register();

const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
