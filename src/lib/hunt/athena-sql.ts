import type { StageNames } from '../archive/stage.ts';
import type { Registry } from '../decoys/registry.ts';
import { GUARDED } from '../detect/tamper/detector-table.ts';

/**
 * SQL for Amazon Athena (Trino) over the CloudTrail table AWS documents ("Create the table for
 * CloudTrail logs in Athena using partition projection"): lower-case columns, `useridentity` a
 * struct, `requestparameters` the request as JSON text, a projected `timestamp` partition
 * (yyyy/MM/dd). The query selects a superset of what any rule can fire on; the rows then go
 * through the same analysis as `honeytrail analyze`, which makes the final call.
 */

/** The columns the query returns, in order; rowToRecord() turns a row back into a CloudTrail record. */
export const HUNT_COLUMNS = [
  ['eventversion', 'eventversion'],
  ['useridentity.type', 'uid_type'],
  ['useridentity.principalid', 'uid_principalid'],
  ['useridentity.arn', 'uid_arn'],
  ['useridentity.accountid', 'uid_accountid'],
  ['useridentity.invokedby', 'uid_invokedby'],
  ['useridentity.accesskeyid', 'uid_accesskeyid'],
  ['useridentity.username', 'uid_username'],
  ['useridentity.sessioncontext.sessionissuer.type', 'issuer_type'],
  ['useridentity.sessioncontext.sessionissuer.arn', 'issuer_arn'],
  ['useridentity.sessioncontext.sessionissuer.accountid', 'issuer_accountid'],
  ['useridentity.sessioncontext.sessionissuer.username', 'issuer_username'],
  ['eventtime', 'eventtime'],
  ['eventsource', 'eventsource'],
  ['eventname', 'eventname'],
  ['awsregion', 'awsregion'],
  ['sourceipaddress', 'sourceipaddress'],
  ['useragent', 'useragent'],
  ['errorcode', 'errorcode'],
  ['errormessage', 'errormessage'],
  ['requestparameters', 'requestparameters'],
  ['responseelements', 'responseelements'],
  ['eventid', 'eventid'],
  ['readonly', 'readonly'],
  ['eventtype', 'eventtype'],
  ['recipientaccountid', 'recipientaccountid'],
] as const;

export interface HuntOptions {
  registry: Registry;
  table: string;
  /** YYYY-MM-DD: only partitions from this day on are scanned (Athena bills per byte read). */
  since?: string;
  /** honeytrail's own resource names (from --stage and the Lambda variables): calls on them. */
  detectorNames?: string[];
  /** Whether trail calls count whatever the trail (no trail name known), as the detector does. */
  anyTrail?: boolean;
}

/** A SQL string literal. Decoy names and keys are validated, but quote anyway. */
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;
const list = (values: readonly string[]): string => values.map(literal).join(', ');

export function sinceDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
    throw new RangeError(`--since: expected a date as YYYY-MM-DD, got ${value}`);
  return value.replace(/-/g, '/');
}

export function huntSql(options: HuntOptions): string {
  const decoys = options.registry.decoys;
  const keys = decoys.flatMap((d) => d.accessKeyIds);
  const names = [...new Set(decoys.map((d) => d.userName.toLowerCase()))];
  const groups = [...new Set(decoys.flatMap((d) => d.groups.map((g) => g.toLowerCase())))];
  const byName = (column: string) => names.map((n) => `${column} LIKE ${literal(`%/${n}`)}`).join(' OR ');
  const named = [...names, ...groups].map(
    (n) => `strpos(lower(requestparameters), ${literal(`"${n}"`)}) > 0`,
  );
  const identity = [
    keys.length ? `useridentity.accesskeyid IN (${list(keys)})` : '',
    `lower(useridentity.username) IN (${list(names)})`,
    `(${byName('lower(useridentity.arn)')})`,
    `lower(useridentity.sessioncontext.sessionissuer.username) IN (${list(names)})`,
    `(${byName('lower(useridentity.sessioncontext.sessionissuer.arn)')})`,
  ].filter(Boolean);
  const clauses = [
    `-- calls made with decoy credentials: a decoy key, the decoy user, a session it issued\n    ${identity.join('\n    OR ')}`,
    `-- IAM changes naming a decoy or a decoy's group\n    (eventsource = 'iam.amazonaws.com' AND (${named.join(' OR ')}))`,
  ];
  const detector = options.detectorNames ?? [];
  if (detector.length || options.anyTrail) {
    const bySource = new Map<string, Set<string>>();
    for (const resource of GUARDED) {
      const calls = bySource.get(resource.eventSource) ?? new Set<string>();
      for (const name of Object.keys(resource.calls)) calls.add(name);
      bySource.set(resource.eventSource, calls);
    }
    const calls = [...bySource].map(
      ([source, names]) =>
        `(eventsource = ${literal(source)} AND regexp_like(eventname, ${literal(`^(${[...names].join('|')})`)}))`,
    );
    const mentions = detector.map((name) => `strpos(requestparameters, ${literal(name)}) > 0`);
    if (options.anyTrail) mentions.push(`eventsource = 'cloudtrail.amazonaws.com'`);
    clauses.push(
      `-- calls that could blind honeytrail, on its own resources\n    ((${calls.join('\n      OR ')})\n     AND (${mentions.join(' OR ')}))`,
    );
  }
  const columns = HUNT_COLUMNS.map(([expr, alias]) => `  ${expr} AS ${alias}`).join(',\n');
  const since = options.since ? `"timestamp" >= ${literal(sinceDate(options.since))}\n  AND ` : '';
  return `SELECT\n${columns}\nFROM ${options.table}\nWHERE ${since}(\n    ${clauses.join('\n    OR ')}\n  )\nORDER BY eventtime, eventid\n`;
}

/** Every resource name the detector matches on, for the SQL's "calls on honeytrail" clause. */
export function detectorNamesOf(
  stage: StageNames | undefined,
  extra: readonly (string | undefined)[],
): string[] {
  const names = stage
    ? [...stage.ruleNames, ...stage.rulePrefixes, ...stage.functionNames, stage.topicName, stage.tableName]
    : [];
  if (stage?.trailName) names.push(stage.trailName);
  return [...new Set([...names, ...extra.filter((n): n is string => Boolean(n))])];
}
