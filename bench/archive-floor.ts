/**
 * The floor for `npm run bench:archive`: what any reader of the archive must do at least. Walks the
 * folder, gunzips each file, JSON.parses it and touches every record. One thread, nothing kept.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.json.gz')) out.push(path);
  }
}

const files: string[] = [];
walk(process.argv[2] ?? '.', files);
let records = 0;
let touched = 0;
for (const file of files) {
  const log = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as {
    Records: { eventName?: string }[];
  };
  for (const record of log.Records) {
    records += 1;
    touched += record.eventName?.length ?? 0;
  }
}
console.log(`${files.length} files, ${records} records, ${touched} characters touched`);
