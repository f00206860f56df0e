import { EventValidationError } from '../errors.ts';
import { safeParse } from '../validate/safe-parse.ts';
import { describeIssues } from '../zod-issues.ts';
import { CloudTrailEnvelope, CloudTrailRecord } from './envelope.schema.ts';

export { CLOUDTRAIL_DETAIL_TYPES } from './detail-types.ts';
export { CloudTrailEnvelope, CloudTrailRecord, UserIdentity } from './envelope.schema.ts';

export function parseEnvelope(input: unknown): CloudTrailEnvelope {
  const result = safeParse(CloudTrailEnvelope, input);
  if (!result.success) {
    throw new EventValidationError(`invalid EventBridge CloudTrail event: ${describeIssues(result.error)}`, {
      cause: result.error,
    });
  }
  return result.data;
}

export function parseRecord(input: unknown): CloudTrailRecord {
  const result = safeParse(CloudTrailRecord, input);
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
