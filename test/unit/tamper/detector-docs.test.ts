import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { renderDetectorTable, withDetectorTable } from '../../../src/lib/detect/tamper/detector-docs.ts';
import { guardedCalls } from '../../../src/lib/detect/tamper/detector-table.ts';

describe('docs/tamper.md detector table', () => {
  it('is the generated table, unchanged (run npm run docs:tamper after editing the table)', () => {
    const doc = readFileSync(new URL('../../../docs/tamper.md', import.meta.url), 'utf8');
    expect(withDetectorTable(doc)).toBe(doc);
  });

  it('has one row per guarded call', () => {
    const rows = renderDetectorTable()
      .split('\n')
      .filter((line) => /^\| [A-Z]/.test(line) && !line.startsWith('| Call'));
    expect(rows).toHaveLength(guardedCalls().length);
  });

  it('refuses a document without the markers', () => {
    expect(() => withDetectorTable('# no markers')).toThrow(/lacks the markers/);
  });
});
