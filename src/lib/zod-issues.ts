/** What every zod flavour (full or mini) reports per failed check. */
export interface Issue {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
  input?: unknown;
  expected?: unknown;
  format?: string;
  origin?: string;
  minimum?: unknown;
  maximum?: unknown;
  keys?: readonly string[];
  values?: readonly unknown[];
  inclusive?: boolean;
  pattern?: string;
  received?: string;
  note?: string;
}

const kind = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : typeof value === 'object'
        ? 'object'
        : typeof value;

/**
 * The issue's own message, or, where a check set none (zod/mini ships no locale, so its default is
 * "Invalid input"), a short sentence built from the issue's code.
 */
export function issueMessage(issue: Issue): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `missing (expected ${String(issue.expected)})`
        : `expected ${String(issue.expected)}, got ${kind(issue.input)}`;
    case 'too_small':
      return issue.origin === 'string'
        ? `must not be shorter than ${String(issue.minimum)} characters`
        : `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `must not be longer than ${String(issue.maximum)} characters`
        : `must be at most ${String(issue.maximum)}`;
    case 'invalid_format':
      return `expected ${issue.format === 'datetime' ? 'an ISO 8601 date-time' : `the ${issue.format ?? 'right'} format`}`;
    case 'unrecognized_keys':
      return `unknown field${(issue.keys?.length ?? 0) > 1 ? 's' : ''} ${(issue.keys ?? []).map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      return `expected one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message || 'invalid';
  }
}

/** Renders zod issues as `path.to.field: message` so errors name the field that failed. */
export function describeIssues(error: { issues: readonly Issue[] }, prefix = '', limit = 5): string {
  return error.issues
    .slice(0, limit)
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
      return `${path || '(root)'}: ${issueMessage(issue)}`;
    })
    .join('; ');
}
