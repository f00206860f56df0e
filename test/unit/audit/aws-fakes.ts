import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import { DescribeRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListUserPoliciesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';

export const ACCOUNT = '123456789012';
export const CREATED = new Date('2026-10-01T09:00:00Z');

/** Key IDs of the fixture registry (test/events/decoys.yml), by decoy. */
export const FIXTURE_KEYS: Record<string, string[]> = {
  'prod-db-backup-user': ['AKIA2E0A8F3B244C9986'],
  'ci-cd-deploy-admin': ['AKIAY4M2PZ7NQ3XR5TKL'],
};

export const noSuchEntity = (message: string) =>
  new NoSuchEntityException({ message, $metadata: { httpStatusCode: 404 } });

export function fakeAws() {
  return {
    iam: mockClient(IAMClient),
    cloudTrail: mockClient(CloudTrailClient),
    events: mockClient(EventBridgeClient),
  };
}
export type FakeAws = ReturnType<typeof fakeAws>;

/** Responses shaped like real ones for a healthy deployment: clean decoys, a logging trail, enabled rules. */
export function healthy(aws: FakeAws, keys: Record<string, string[]> = FIXTURE_KEYS): void {
  aws.iam.reset();
  aws.cloudTrail.reset();
  aws.events.reset();
  aws.iam.on(GetUserCommand).callsFake((input: { UserName: string }) => {
    if (!keys[input.UserName]) throw noSuchEntity(`The user with name ${input.UserName} cannot be found.`);
    return {
      User: {
        Path: '/',
        UserName: input.UserName,
        UserId: 'AIDAEXAMPLEUSERID0001',
        Arn: `arn:aws:iam::${ACCOUNT}:user/${input.UserName}`,
        CreateDate: CREATED,
      },
    };
  });
  aws.iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  aws.iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
  aws.iam.on(ListGroupsForUserCommand).resolves({ Groups: [], IsTruncated: false });
  aws.iam.on(ListMFADevicesCommand).resolves({ MFADevices: [], IsTruncated: false });
  aws.iam.on(GetLoginProfileCommand).callsFake((input: { UserName: string }) => {
    throw noSuchEntity(`Login Profile for User ${input.UserName} cannot be found.`);
  });
  aws.iam.on(ListAccessKeysCommand).callsFake((input: { UserName: string }) => ({
    AccessKeyMetadata: (keys[input.UserName] ?? []).map((id) => ({
      UserName: input.UserName,
      AccessKeyId: id,
      Status: 'Active',
      CreateDate: CREATED,
    })),
    IsTruncated: false,
  }));
  // A key that was never used: AWS answers N/A for service and region.
  aws.iam.on(GetAccessKeyLastUsedCommand).resolves({
    UserName: 'prod-db-backup-user',
    AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' },
  });
  aws.cloudTrail.on(DescribeTrailsCommand).resolves({
    trailList: [
      {
        Name: 'management-events',
        TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events`,
        IsMultiRegionTrail: true,
        HomeRegion: 'us-east-1',
        S3BucketName: 'aws-cloudtrail-logs-123456789012-3f1c',
        IncludeGlobalServiceEvents: true,
        LogFileValidationEnabled: true,
        HasCustomEventSelectors: false,
        HasInsightSelectors: false,
        IsOrganizationTrail: false,
      },
    ],
  });
  aws.cloudTrail.on(GetTrailStatusCommand).resolves({
    IsLogging: true,
    LatestDeliveryTime: new Date(),
    StartLoggingTime: CREATED,
  });
  aws.cloudTrail.on(GetEventSelectorsCommand).resolves({
    TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events`,
    EventSelectors: [
      {
        ReadWriteType: 'All',
        IncludeManagementEvents: true,
        DataResources: [],
        ExcludeManagementEventSources: [],
      },
    ],
  });
  aws.events.on(DescribeRuleCommand).callsFake((input: { Name: string }) => ({
    Name: input.Name,
    Arn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/${input.Name}`,
    EventPattern: '{"detail-type":["AWS API Call via CloudTrail"]}',
    State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
    EventBusName: 'default',
  }));
}
