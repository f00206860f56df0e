import * as z from 'zod/mini';
import { accountIdFix } from '../validate/hooks.ts';
import { IAM_USER_NAME, LONG_TERM_KEY_ID } from './identifiers.ts';

/*
 * The registry schemas, and nothing else: Lambda bundles replace this module with its compiled
 * validators (src/lib/validate/compile.ts), so it may export only schemas.
 */

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
