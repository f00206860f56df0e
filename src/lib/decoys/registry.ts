import { RegistryError } from '../errors.ts';
import { safeParse } from '../validate/safe-parse.ts';
import { issueMessage } from '../zod-issues.ts';
import { type DecoyEntry, DecoyEntry as DecoyEntrySchema, RegistryFile } from './registry.schema.ts';

export { IAM_USER_NAME, LONG_TERM_KEY_ID } from './identifiers.ts';
export { DecoyEntry, RegistryFile } from './registry.schema.ts';

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
  const file = safeParse(RegistryFile, data);
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
    const parsed = safeParse(DecoyEntrySchema, raw);
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
