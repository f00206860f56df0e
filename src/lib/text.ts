/**
 * Every control (Cc), format (Cf), line-separator (Zl) and paragraph-separator (Zp) character, as
 * explicit ranges: the character class `[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]` spelt out. V8 resolves a property
 * escape when it parses the script and again when the pattern first runs, ~0.5 ms of every cold start
 * per literal; these ranges cost a tenth of that. test/unit/text.test.ts holds them to the property
 * escapes over every code point, so a Node with a newer Unicode table fails that test.
 */
export const INVISIBLE_RANGES =
  '\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890-\\u0891\\u08e2\\u180e' +
  '\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb\\u{110bd}\\u{110cd}' +
  '\\u{13430}-\\u{1343f}\\u{1bca0}-\\u{1bca3}\\u{1d173}-\\u{1d17a}\\u{e0001}\\u{e0020}-\\u{e007f}';

/** One invisible character (see INVISIBLE_RANGES). Not global, so `test` keeps no state. */
export const INVISIBLE = new RegExp(`[${INVISIBLE_RANGES}]`, 'u');
const INVISIBLE_ALL = new RegExp(`[${INVISIBLE_RANGES}]`, 'gu');

/**
 * Makes an attacker-controlled string safe to show: control characters (including newlines,
 * bidi overrides and zero-width marks) become spaces, runs of space collapse, and the result is
 * cut to `max` characters with an ellipsis.
 */
export function cleanText(value: string, max = 256): string {
  const flat = value
    .slice(0, max * 4)
    .replace(INVISIBLE_ALL, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** ASCII-only variant for places such as the SNS Subject that reject anything else. */
export function asciiText(value: string, max: number): string {
  const ascii = cleanText(value, max * 2)
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/\s+/g, ' ')
    .trim();
  return ascii.length > max ? `${ascii.slice(0, max - 3)}...` : ascii;
}

/** Rows as left-aligned columns two spaces apart; the last column is not padded. */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, col) => {
      widths[col] = Math.max(widths[col] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
