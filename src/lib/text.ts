/**
 * Makes an attacker-controlled string safe to show: control characters (including newlines,
 * bidi overrides and zero-width marks) become spaces, runs of space collapse, and the result is
 * cut to `max` characters with an ellipsis.
 */
export function cleanText(value: string, max = 256): string {
  const flat = value
    .slice(0, max * 4)
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
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
