import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parseUserArn } from '../../src/lib/cloudtrail/arn.ts';
import { parseEnvelope, parseRecord } from '../../src/lib/cloudtrail/schema.ts';
import { matchUse } from '../../src/lib/decoys/match.ts';
import { parseRegistry } from '../../src/lib/decoys/registry-yaml.ts';
import { cloudTrailEvent } from '../support/events.ts';

const registry = parseRegistry(readFileSync('test/events/decoys.yml', 'utf8'));
const record = (event: ReturnType<typeof cloudTrailEvent>) => parseEnvelope(event).detail;

describe('decoy matching', () => {
  it('matches a decoy by access key ID', () => {
    expect(matchUse(record(cloudTrailEvent({ userName: 'renamed' })), registry)).toMatchObject({
      reason: 'access-key',
      decoy: { userName: 'prod-db-backup-user' },
    });
  });

  it('matches a session key (ASIA) minted from a decoy by its user identity', () => {
    const event = cloudTrailEvent({
      accountId: '111122223333',
      userName: 'svc-reporting-etl',
      accessKeyId: 'ASIAEXAMPLESESSION01',
    });
    expect(matchUse(record(event), registry)).toMatchObject({
      reason: 'iam-user',
      decoy: { userName: 'svc-reporting-etl' },
    });
  });

  it('derives the user from an ARN with a path when userName is absent', () => {
    const event = cloudTrailEvent({ accountId: '111122223333', accessKeyId: 'ASIAEXAMPLESESSION02' });
    event.detail.userIdentity = {
      ...event.detail.userIdentity,
      arn: 'arn:aws:iam::111122223333:user/service-accounts/svc-reporting-etl',
    } as typeof event.detail.userIdentity;
    const { userName: _dropped, ...identity } = event.detail.userIdentity;
    const parsed = parseRecord({ ...event.detail, userIdentity: identity });
    expect(matchUse(parsed, registry)?.decoy.userName).toBe('svc-reporting-etl');
  });

  it('matches a federated session issued by a decoy', () => {
    const parsed = parseRecord({
      ...cloudTrailEvent().detail,
      userIdentity: {
        type: 'FederatedUser',
        arn: 'arn:aws:sts::111122223333:federated-user/x',
        accountId: '111122223333',
        accessKeyId: 'ASIAEXAMPLESESSION03',
        sessionContext: {
          sessionIssuer: {
            type: 'IAMUser',
            arn: 'arn:aws:iam::111122223333:user/svc-reporting-etl',
            userName: 'svc-reporting-etl',
          },
        },
      },
    });
    expect(matchUse(parsed, registry)?.reason).toBe('session-issuer');
  });

  it('does not match a user whose name only contains a decoy name, or the same name in another account', () => {
    expect(
      matchUse(
        record(cloudTrailEvent({ userName: 'prod-db-backup-user-old', accessKeyId: 'AKIAOTHERUSERKEY0001' })),
        registry,
      ),
    ).toBeUndefined();
    expect(
      matchUse(
        record(cloudTrailEvent({ accountId: '210987654321', accessKeyId: 'AKIAOTHERUSERKEY0001' })),
        registry,
      ),
    ).toBeUndefined();
  });

  it('does not match a role session even if its name equals a decoy name', () => {
    const parsed = parseRecord({
      ...cloudTrailEvent().detail,
      userIdentity: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::123456789012:assumed-role/prod-db-backup-user/x',
        accountId: '123456789012',
        accessKeyId: 'ASIAEXAMPLESESSION04',
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            userName: 'prod-db-backup-user',
            arn: 'arn:aws:iam::123456789012:role/prod-db-backup-user',
          },
        },
      },
    });
    expect(matchUse(parsed, registry)).toBeUndefined();
  });

  it('parses user ARNs in every partition and keeps the path apart', () => {
    expect(parseUserArn('arn:aws-us-gov:iam::123456789012:user/a/b/svc')).toEqual({
      partition: 'aws-us-gov',
      accountId: '123456789012',
      path: '/a/b/',
      userName: 'svc',
    });
    expect(parseUserArn('arn:aws-cn:iam::123456789012:user/svc')?.path).toBe('/');
    expect(parseUserArn('arn:aws:iam::123456789012:role/svc')).toBeUndefined();
  });
});

describe('CloudTrail validation', () => {
  it('accepts a record with no userAgent and a service name as source', () => {
    const { userAgent: _ua, ...detail } = cloudTrailEvent().detail;
    expect(parseRecord({ ...detail, sourceIPAddress: 'sqs.amazonaws.com' }).userAgent).toBeUndefined();
  });

  it('names the field path when eventTime is not a timestamp', () => {
    expect(() => parseRecord({ ...cloudTrailEvent().detail, eventTime: 'yesterday' })).toThrow(/eventTime/);
  });

  it('names the nested field path in an envelope', () => {
    const event = cloudTrailEvent();
    expect(() => parseEnvelope({ ...event, detail: { ...event.detail, userIdentity: { type: 5 } } })).toThrow(
      /detail\.userIdentity\.type/,
    );
  });

  it('rejects an envelope that is not a CloudTrail detail-type', () => {
    expect(() => parseEnvelope({ ...cloudTrailEvent(), 'detail-type': 'Scheduled Event' })).toThrow(
      /detail-type/,
    );
  });
});
