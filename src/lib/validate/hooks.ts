/**
 * The functions schemas call: transforms and error messages that depend on the input. Free of zod, so
 * the compiled validators (compile.ts) import them from here instead of copying them.
 */

/** A comma-separated setting as a list, blanks dropped. */
export function csvList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** An optional setting; an empty value (as a deploy leaves unset parameters) means unset. */
export function blankToUndefined(value: string | undefined): string | undefined {
  return value ? value : undefined;
}

/** An unquoted account ID reaches us as a YAML number, which has already lost any leading zero. */
export function accountIdFix(issue: { input?: unknown }): string | undefined {
  if (typeof issue.input !== 'number') return undefined;
  const digits = String(issue.input).padStart(12, '0');
  return `put the 12 digits in quotes, like accountId: "${digits}" (unquoted, YAML reads a number and drops leading zeros)`;
}
