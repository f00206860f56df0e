import { readFileSync } from 'node:fs';

/** Set by the CLI build (scripts/build-cli.mjs) from package.json. */
declare const HONEYTRAIL_VERSION: string | undefined;

/** The package version: compiled in, or read from package.json when run from source. */
export function version(): string {
  if (typeof HONEYTRAIL_VERSION === 'string') return HONEYTRAIL_VERSION;
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
