import type { Config } from '../lib/config.ts';

/** Placeholder until the incident report lands: writes nothing. */
export async function writeReports(_dir: string, _config: Config): Promise<string[]> {
  return [];
}
