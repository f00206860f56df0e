import * as z from 'zod/mini';
import { RegistryError } from '../errors.ts';
import { issueMessage } from '../zod-issues.ts';

export const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;
export const LONG_TERM_KEY_ID = /^AKIA[A-Z0-9]{16}$/;

/** An unquoted ID reaches us as a YAML number, which has already lost any leading zero. */
function accountIdFix(issue: { input?: unknown }): string | undefined {
  if (typeof issue.input !== 'number') return undefined;
  const digits = String(issue.input).padStart(12, '0');
  return `put the 12 digits in quotes, like accountId: "${digits}" (unquoted, YAML reads a number and drops leading zeros)`;
}

export const DecoyEntry = z.strictObject({
  userName: z
    .string()
    .check(z.regex(IAM_USER_NAME, 'expected an IAM user name without path (letters, digits, +=,.@_-)')),
  accountId: z
    .string({ error: accountIdFix })
    .check(z.regex(/^\d{12}$/, 'expected the 12-digit account ID in quotes, like accountId: "123456789012"')),
  accessKeyIds: z.optional(
    z.array(
      z
        .string()
        .check(
          z.regex(LONG_TERM_KEY_ID, 'expected a long-term access key ID (AKIA followed by 16 characters)'),
        ),
    ),
  ),
  placement: z.string().check(z.minLength(1, 'say where the decoy was planted'), z.maxLength(500)),
  groups: z.optional(z.array(z.string().check(z.regex(/^[\w+=,.@-]{1,128}$/, 'expected an IAM group name')))),
  /** When the decoy was planted (written by `decoy create`); shown in alerts as the decoy's age. */
  plantedAt: z.optional(
    z
      .string()
      .check(
        z.regex(
          /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z)?$/,
          'expected a date such as "2026-11-01" or "2026-11-01T09:30:00Z"',
        ),
      ),
  ),
});
export type DecoyEntry = z.infer<typeof DecoyEntry>;

export const RegistryFile = z.strictObject({ decoys: z.array(z.unknown()) });

export interface Decoy extends DecoyEntry {
  accessKeyIds: string[];
  groups: string[];
}

/** The validated registry with the indexes matching needs. */
export interface Registry {
  decoys: Decoy[];
  byKey: Map<string, Decoy>;
  byUser: Map<string, Decoy>;
  /** By account and lower-cased name: IAM user names are unique regardless of case. */
  byUserAnyCase: Map<string, Decoy>;
}

export const userKey = (accountId: string, userName: string): string => `${accountId}/${userName}`;

function label(index: number, raw: unknown): string {
  const name =
    typeof raw === 'object' && raw !== null && 'userName' in raw
      ? String(raw.userName).slice(0, 64)
      : undefined;
  return name ? `decoys[${index}] (${name})` : `decoys[${index}]`;
}

/** Validates parsed registry data. Every error names the entry and the field. */
export function buildRegistry(data: unknown, source = 'decoys.yml'): Registry {
  const file = z.safeParse(RegistryFile, data);
  if (!file.success) {
    const issue = file.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'top level';
    throw new RegistryError(
      `${source}: ${where}: ${issue ? issueMessage(issue) : 'invalid'} (expected "decoys:" with a list)`,
    );
  }
  const decoys: Decoy[] = [];
  const byKey = new Map<string, Decoy>();
  const byUser = new Map<string, Decoy>();
  const byUserAnyCase = new Map<string, Decoy>();
  file.data.decoys.forEach((raw, index) => {
    const parsed = z.safeParse(DecoyEntry, raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || '(entry)';
      throw new RegistryError(
        `${source}: ${label(index, raw)}.${field}: ${issue ? issueMessage(issue) : 'invalid'}`,
      );
    }
    const decoy: Decoy = {
      ...parsed.data,
      accessKeyIds: parsed.data.accessKeyIds ?? [],
      groups: parsed.data.groups ?? [],
    };
    const key = userKey(decoy.accountId, decoy.userName);
    if (byUser.has(key)) {
      throw new RegistryError(`${source}: ${label(index, raw)}: user ${key} is listed twice`);
    }
    byUser.set(key, decoy);
    byUserAnyCase.set(key.toLowerCase(), decoy);
    for (const keyId of decoy.accessKeyIds) {
      if (byKey.has(keyId)) {
        throw new RegistryError(
          `${source}: ${label(index, raw)}.accessKeyIds: ${keyId} already belongs to another decoy`,
        );
      }
      byKey.set(keyId, decoy);
    }
    decoys.push(decoy);
  });
  return { decoys, byKey, byUser, byUserAnyCase };
}

/** Parses the JSON registry `serverless package` compiles from decoys.yml (what functions read). */
export function parseRegistryJson(text: string, source = 'decoys.json'): Registry {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new RegistryError(`${source}: not valid JSON: ${(cause as Error).message}`, { cause });
  }
  return buildRegistry(data, source);
}
