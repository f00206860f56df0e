import * as z from 'zod/mini';
import { EventValidationError } from '../errors.ts';
import { describeIssues } from '../zod-issues.ts';

// zod/mini: the same schemas, but only the checks used here reach the Lambda bundle.
const AccountId = z.string().check(z.regex(/^\d{12}$/, 'expected a 12-digit AWS account ID'));
// Schemas are immutable, so one instance serves every field of its shape: each instance costs the
// Lambda's cold start (zod builds it at import), not each parse.
const optionalText = z.optional(z.string());
const text = () => optionalText;
const boundedBy = new Map<number, z.ZodMiniString>();
const bounded = (max: number) => {
  const known = boundedBy.get(max) ?? z.string().check(z.minLength(1), z.maxLength(max));
  boundedBy.set(max, known);
  return known;
};
const optionalMap = z.optional(z.nullable(z.record(z.string(), z.unknown())));
const map = () => optionalMap;

const SessionIssuer = z.looseObject({
  type: text(),
  arn: text(),
  userName: text(),
  accountId: text(),
  principalId: text(),
});

export const UserIdentity = z.looseObject({
  type: text(),
  principalId: text(),
  arn: text(),
  accountId: text(),
  accessKeyId: text(),
  userName: text(),
  invokedBy: text(),
  sessionContext: z.optional(
    z.looseObject({
      sessionIssuer: z.optional(SessionIssuer),
      attributes: z.optional(z.looseObject({})),
    }),
  ),
});
export type UserIdentity = z.infer<typeof UserIdentity>;

/**
 * One CloudTrail record. Loose where AWS varies (extra fields, optional userAgent, any
 * sourceIPAddress string), strict on the fields detection and exactly-once storage depend on.
 */
export const CloudTrailRecord = z.looseObject({
  eventVersion: z.string().check(z.regex(/^1\.\d{1,2}$/, 'expected a CloudTrail eventVersion such as 1.08')),
  eventID: bounded(128),
  eventTime: z.iso.datetime({ offset: true }),
  eventSource: bounded(256),
  eventName: bounded(256),
  awsRegion: bounded(64),
  recipientAccountId: z.optional(AccountId),
  userIdentity: z.optional(UserIdentity),
  sourceIPAddress: z.optional(z.string().check(z.maxLength(1024))),
  userAgent: text(),
  errorCode: text(),
  errorMessage: text(),
  requestParameters: map(),
  responseElements: map(),
  readOnly: z.optional(z.boolean()),
  eventType: text(),
  managementEvent: z.optional(z.boolean()),
  eventCategory: text(),
});
export type CloudTrailRecord = z.infer<typeof CloudTrailRecord>;

export const CLOUDTRAIL_DETAIL_TYPES = [
  'AWS API Call via CloudTrail',
  'AWS Console Sign In via CloudTrail',
  'AWS Service Event via CloudTrail',
] as const;

/** The EventBridge envelope around a CloudTrail record. */
export const CloudTrailEnvelope = z.looseObject({
  version: z.string(),
  id: z.string().check(z.minLength(1)),
  'detail-type': z.enum(CLOUDTRAIL_DETAIL_TYPES),
  source: z.string().check(z.regex(/^aws\.[a-z0-9-]+$/, 'expected an aws.* event source')),
  account: AccountId,
  time: z.string(),
  region: z.string(),
  resources: z.optional(z.array(z.unknown())),
  detail: CloudTrailRecord,
});
export type CloudTrailEnvelope = z.infer<typeof CloudTrailEnvelope>;

export function parseEnvelope(input: unknown): CloudTrailEnvelope {
  const result = z.safeParse(CloudTrailEnvelope, input);
  if (!result.success) {
    throw new EventValidationError(`invalid EventBridge CloudTrail event: ${describeIssues(result.error)}`, {
      cause: result.error,
    });
  }
  return result.data;
}

export function parseRecord(input: unknown): CloudTrailRecord {
  const result = z.safeParse(CloudTrailRecord, input);
  if (!result.success) {
    throw new EventValidationError(`invalid CloudTrail record: ${describeIssues(result.error)}`, {
      cause: result.error,
    });
  }
  return result.data;
}

/** The account a record belongs to: the recipient, else the caller's own account. */
export function recordAccount(record: CloudTrailRecord): string | undefined {
  return record.recipientAccountId ?? record.userIdentity?.accountId;
}
