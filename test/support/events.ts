import { randomUUID } from 'node:crypto';

export interface EventOptions {
  eventName?: string;
  eventSource?: string;
  accessKeyId?: string;
  userName?: string;
  accountId?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  eventTime?: string;
  eventID?: string;
  errorCode?: string;
  readOnly?: boolean;
}

/** An EventBridge delivery of a CloudTrail call, shaped like the recorded fixtures. */
export function cloudTrailEvent(options: EventOptions = {}) {
  const accountId = options.accountId ?? '123456789012';
  const userName = options.userName ?? 'prod-db-backup-user';
  const eventSource = options.eventSource ?? 'sts.amazonaws.com';
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'AWS API Call via CloudTrail' as const,
    source: `aws.${eventSource.split('.')[0]}`,
    account: accountId,
    time: options.eventTime ?? '2026-11-20T10:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: {
      eventVersion: '1.08',
      userIdentity: {
        type: 'IAMUser',
        principalId: 'AIDAEXAMPLEPRINCIPAL1',
        arn: `arn:aws:iam::${accountId}:user/${userName}`,
        accountId,
        accessKeyId: options.accessKeyId ?? 'AKIA2E0A8F3B244C9986',
        userName,
      },
      eventTime: options.eventTime ?? '2026-11-20T10:00:00Z',
      eventSource,
      eventName: options.eventName ?? 'GetCallerIdentity',
      awsRegion: 'eu-west-1',
      sourceIPAddress: options.sourceIPAddress ?? '203.0.113.50',
      userAgent:
        options.userAgent ??
        'aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.12.13-amd64 md/distrib#kali.2025 lang/python#3.12.6',
      ...(options.errorCode ? { errorCode: options.errorCode, errorMessage: 'User is not authorized' } : {}),
      requestParameters: null,
      responseElements: null,
      requestID: randomUUID(),
      eventID: options.eventID ?? randomUUID(),
      readOnly: options.readOnly ?? true,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: accountId,
      eventCategory: 'Management',
    },
  };
}
