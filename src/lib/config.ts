import { type CliConfig, CliConfigSchema, type Config, ConfigSchema } from './config.schema.ts';
import { ConfigError } from './errors.ts';
import type { Checked } from './validate/runtime.ts';
import { safeParse } from './validate/safe-parse.ts';
import { describeIssues } from './zod-issues.ts';

export { type CliConfig, CliConfigSchema, type Config, ConfigSchema } from './config.schema.ts';

/** Every problem of a parse named in one startup error. */
function parseEnv<T>(result: Checked<T>, what: string): T {
  if (!result.success) {
    throw new ConfigError(
      `${what} is invalid: ${describeIssues(result.error, '', Number.POSITIVE_INFINITY)}`,
    );
  }
  return result.data;
}

export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  return parseEnv(safeParse(CliConfigSchema, env), 'honeytrail CLI environment');
}

/** Reads and validates the environment once. A bad or missing variable is a clear startup error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parseEnv(safeParse(ConfigSchema, env), 'honeytrail configuration');
}
