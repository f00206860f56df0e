import * as z from 'zod/mini';
import { CLOUDTRAIL_DETAIL_TYPES } from './detail-types.ts';

/*
 * The CloudTrail schemas, and nothing else: Lambda bundles replace this module with its compiled
 * validators (src/lib/validate/compile.ts), so it may export only schemas.
 */
const AccountId = z.string().check(z.regex(/^\d{12}$/, 'expected a 12-digit AWS account ID'));
const text = () => z.optional(z.string());
const bounded = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const map = () => z.optional(z.nullable(z.record(z.string(), z.unknown())));

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
