import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../lib/config.ts';
import { loadCase } from '../lib/incidents/cases.ts';
import { renderReport } from '../lib/incidents/report.ts';
import { makeStore } from '../lib/store/dynamo.ts';

/** `npm start -- --report DIR`: the HTML report of every incident in the table, one file per incident. */
export async function writeReports(
  dir: string,
  config: Config,
  now: () => number = Date.now,
): Promise<string[]> {
  const store = makeStore({ tableName: config.TABLE_NAME, retentionDays: config.RETENTION_DAYS });
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const { state } of await store.incidents.list()) {
    const path = join(dir, `${state.id}.html`);
    writeFileSync(path, renderReport(await loadCase(store, state), new Date(now()).toISOString()));
    written.push(path);
  }
  return written.sort();
}
