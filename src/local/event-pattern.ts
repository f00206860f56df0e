/**
 * A subset of EventBridge pattern matching, enough to route recorded events to the handlers the
 * way the deployed rules would: value lists, `prefix`, `suffix`, `equals-ignore-case`, `anything-but`, `exists`, nesting and `$or`.
 */
type Pattern = Record<string, unknown>;

function matchValue(rule: unknown, value: unknown): boolean {
  if (rule === null || typeof rule !== 'object') return rule === value;
  const condition = rule as Record<string, unknown>;
  if ('prefix' in condition) return typeof value === 'string' && value.startsWith(String(condition.prefix));
  if ('equals-ignore-case' in condition) {
    return (
      typeof value === 'string' &&
      value.toLowerCase() === String(condition['equals-ignore-case']).toLowerCase()
    );
  }
  if ('suffix' in condition) return typeof value === 'string' && value.endsWith(String(condition.suffix));
  if ('exists' in condition) return condition.exists ? value !== undefined : value === undefined;
  if ('anything-but' in condition) {
    const excluded = condition['anything-but'];
    return Array.isArray(excluded) ? !excluded.includes(value) : excluded !== value;
  }
  if ('wildcard' in condition && typeof value === 'string') {
    const regex = new RegExp(`^${String(condition.wildcard).split('*').map(escapeRegex).join('.*')}$`);
    return regex.test(value);
  }
  return false;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function matchField(rule: unknown, value: unknown): boolean {
  if (Array.isArray(rule)) {
    const values = Array.isArray(value) ? value : [value];
    return rule.some((candidate) => values.some((item) => matchValue(candidate, item)));
  }
  if (rule !== null && typeof rule === 'object') {
    if (value === null || typeof value !== 'object') return false;
    return matchesPattern(rule as Pattern, value as Record<string, unknown>);
  }
  return false;
}

export function matchesPattern(pattern: Pattern, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === '$or') return (rule as Pattern[]).some((alternative) => matchesPattern(alternative, event));
    return matchField(rule, event[key]);
  });
}
