import * as z from 'zod';
import { EventValidationError } from '../errors.ts';
import { describeIssues } from '../zod-issues.ts';

const AccountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account ID');

const SessionIssuer = z.looseObject({
  type: z.string().optional(),
  arn: z.string().optional(),
  userName: z.string().optional(),
  accountId: z.string().optional(),
  principalId: z.string().optional(),
});

export const UserIdentity = z.looseObject({
  type: z.string().optional(),
  principalId: z.string().optional(),
  arn: z.string().optional(),
  accountId: z.string().optional(),
  accessKeyId: z.string().optional(),
  userName: z.string().optional(),
  invokedBy: z.string().optional(),
  sessionContext: z
    .looseObject({
      sessionIssuer: SessionIssuer.optional(),
      attributes: z.looseObject({}).optional(),
    })
    .optional(),
});
export type UserIdentity = z.infer<typeof UserIdentity>;

/**
 * One CloudTrail record. Loose where AWS varies (extra fields, optional userAgent, any
 * sourceIPAddress string), strict on the fields detection and exactly-once storage depend on.
 */
export const CloudTrailRecord = z.looseObject({
  eventVersion: z.string().regex(/^1\.\d{1,2}$/, 'expected a CloudTrail eventVersion such as 1.08'),
  eventID: z.string().min(1).max(128),
  eventTime: z.iso.datetime({ offset: true }),
  eventSource: z.string().min(1).max(256),
  eventName: z.string().min(1).max(256),
  awsRegion: z.string().min(1).max(64),
  recipientAccountId: AccountId.optional(),
  userIdentity: UserIdentity.optional(),
  sourceIPAddress: z.string().max(1024).optional(),
  userAgent: z.string().optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  requestParameters: z.record(z.string(), z.unknown()).nullable().optional(),
  responseElements: z.record(z.string(), z.unknown()).nullable().optional(),
  readOnly: z.boolean().optional(),
  eventType: z.string().optional(),
  managementEvent: z.boolean().optional(),
  eventCategory: z.string().optional(),
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
  id: z.string().min(1),
  'detail-type': z.enum(CLOUDTRAIL_DETAIL_TYPES),
  source: z.string().regex(/^aws\.[a-z0-9-]+$/, 'expected an aws.* event source'),
  account: AccountId,
  time: z.string(),
  region: z.string(),
  resources: z.array(z.unknown()).optional(),
  detail: CloudTrailRecord,
});
export type CloudTrailEnvelope = z.infer<typeof CloudTrailEnvelope>;

export function parseEnvelope(input: unknown): CloudTrailEnvelope {
  const result = CloudTrailEnvelope.safeParse(input);
  if (!result.success) {
    throw new EventValidationError(`invalid EventBridge CloudTrail event: ${describeIssues(result.error)}`, {
      cause: result.error,
    });
  }
  return result.data;
}

export function parseRecord(input: unknown): CloudTrailRecord {
  const result = CloudTrailRecord.safeParse(input);
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
