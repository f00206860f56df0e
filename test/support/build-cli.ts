import { execFileSync } from 'node:child_process';

/** Jest globalSetup: the CLI tests run bin/honeytrail, which runs dist/cli (scripts/build-cli.mjs). */
export default function buildCli(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
}
