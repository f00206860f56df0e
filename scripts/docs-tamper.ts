// Regenerates the detector-tamper table in docs/tamper.md from src/lib/detect/tamper/detector-table.ts.
//   npm run docs:tamper
import { readFileSync, writeFileSync } from 'node:fs';
import { withDetectorTable } from '../src/lib/detect/tamper/detector-docs.ts';

const path = new URL('../docs/tamper.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = withDetectorTable(before);
writeFileSync(path, after);
console.log(before === after ? 'docs/tamper.md is up to date' : 'docs/tamper.md: detector table regenerated');
