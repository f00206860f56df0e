import type { CloudTrailRecord } from '../cloudtrail/schema.ts';
import { recordAccount } from '../cloudtrail/schema.ts';
import { cleanText } from '../text.ts';
import type { EventFacts } from './detection.ts';

/** Copies the fields an alert shows out of a record, each sanitised and capped. */
export function eventFacts(record: CloudTrailRecord): EventFacts {
  const identity = record.userIdentity;
  const facts: EventFacts = {
    id: cleanText(record.eventID, 128),
    name: cleanText(record.eventName, 128),
    source: cleanText(record.eventSource, 128),
    time: record.eventTime,
    region: cleanText(record.awsRegion, 32),
  };
  const account = recordAccount(record);
  if (account) facts.accountId = account;
  if (identity?.type) facts.identityType = cleanText(identity.type, 64);
  if (identity?.arn) facts.identityArn = cleanText(identity.arn, 256);
  if (identity?.accessKeyId) facts.accessKeyId = cleanText(identity.accessKeyId, 32);
  if (record.errorCode) facts.errorCode = cleanText(record.errorCode, 128);
  if (record.errorMessage) facts.errorMessage = cleanText(record.errorMessage, 400);
  if (record.readOnly !== undefined) facts.readOnly = record.readOnly;
  if (!record.errorCode && record.responseElements?.ConsoleLogin === 'Failure') facts.failed = true;
  return facts;
}
