import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { useEventPatterns } from '../../src/lib/decoys/patterns.ts';
import { parseRegistry } from '../../src/lib/decoys/registry-yaml.ts';
import { matchesPattern } from '../../src/local/event-pattern.ts';
import { cloudTrailEvent } from '../support/events.ts';

const registry = parseRegistry(readFileSync('test/events/decoys.yml', 'utf8'));
const [pattern] = useEventPatterns(registry);
const routes = (event: object) => matchesPattern(pattern ?? {}, event as Record<string, unknown>);

describe('generated use pattern, as EventBridge would apply it', () => {
  it('lets through a call made with a decoy key', () => {
    expect(routes(cloudTrailEvent())).toBe(true);
  });

  it('lets through a session key of a decoy user whose key is not listed', () => {
    expect(
      routes(
        cloudTrailEvent({
          accountId: '111122223333',
          userName: 'svc-reporting-etl',
          accessKeyId: 'ASIAEXAMPLESESSION01',
        }),
      ),
    ).toBe(true);
  });

  it('keeps out an ordinary user, even one whose name contains a decoy name', () => {
    expect(
      routes(cloudTrailEvent({ userName: 'prod-db-backup-user-2', accessKeyId: 'AKIAOTHERUSERKEY0001' })),
    ).toBe(false);
  });

  it('keeps out the decoy name in another account', () => {
    expect(routes(cloudTrailEvent({ accountId: '999999999999', accessKeyId: 'AKIAOTHERUSERKEY0001' }))).toBe(
      false,
    );
  });

  it('supports prefix and anything-but conditions', () => {
    expect(
      matchesPattern(
        { detail: { eventName: [{ prefix: 'DeleteFunction' }] } },
        { detail: { eventName: 'DeleteFunction20150331' } },
      ),
    ).toBe(true);
    expect(matchesPattern({ source: [{ 'anything-but': ['aws.s3'] }] }, { source: 'aws.s3' })).toBe(false);
  });
});

describe('generated use pattern, records without userName', () => {
  it('lets through a decoy identified only by an ARN with an IAM path', () => {
    const event = cloudTrailEvent({ accessKeyId: 'AKIAUNREGISTERED0001' });
    const { userName: _omit, ...identity } = event.detail.userIdentity;
    const withPath = { ...identity, arn: 'arn:aws:iam::123456789012:user/legacy/prod-db-backup-user' };
    expect(routes({ ...event, detail: { ...event.detail, userIdentity: withPath } })).toBe(true);
  });
});
