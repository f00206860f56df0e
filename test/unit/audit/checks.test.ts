import { describe, expect, it } from '@jest/globals';
import { lastUsedFindings, postureFindings } from '../../../src/lib/audit/checks.ts';
import { AUDIT_ACTOR, findingDetection, findingId } from '../../../src/lib/audit/finding.ts';
import type { UserPosture } from '../../../src/lib/aws/iam.ts';
import { parseRegistry } from '../../../src/lib/decoys/registry-yaml.ts';

const registry = parseRegistry(`decoys:
  - userName: prod-db-backup-user
    accountId: "123456789012"
    accessKeyIds: [AKIA2E0A8F3B244C9986]
    placement: "credentials.txt in the private repo acme/payments"
    groups: [backup-operators]
`);
const decoy = registry.decoys[0]!;

const clean = (): UserPosture => ({
  userName: decoy.userName,
  arn: 'arn:aws:iam::123456789012:user/prod-db-backup-user',
  attachedPolicies: [],
  inlinePolicies: [],
  groups: [],
  mfaDevices: [],
  accessKeys: [{ accessKeyId: 'AKIA2E0A8F3B244C9986', status: 'Active' }],
});

const categories = (posture: UserPosture | undefined) =>
  postureFindings(decoy, posture).map((f) => f.category);

describe('decoy posture checks', () => {
  it('finds nothing on a decoy that holds only its key', () => {
    expect(postureFindings(decoy, clean())).toEqual([]);
  });

  it('flags every kind of grant, console access and second factor with a stable key', () => {
    const posture: UserPosture = {
      ...clean(),
      attachedPolicies: [{ name: 'AdministratorAccess', arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      inlinePolicies: ['s3-full'],
      groups: ['platform-admins'],
      permissionsBoundary: 'arn:aws:iam::123456789012:policy/boundary',
      loginProfileCreated: '2026-11-28T08:12:00.000Z',
      mfaDevices: ['arn:aws:iam::123456789012:mfa/attacker'],
    };
    const findings = postureFindings(decoy, posture);
    expect(findings.map((f) => f.category)).toEqual([
      'policy-attached',
      'inline-policy',
      'group-member',
      'permissions-boundary',
      'login-profile',
      'mfa-device',
    ]);
    expect(findings[0]?.key).toBe(
      '123456789012/prod-db-backup-user:policy-attached:arn:aws:iam::aws:policy/AdministratorAccess',
    );
    expect(findings.every((f) => f.kind === 'audit' && f.decoy?.userName === decoy.userName)).toBe(true);
  });

  it('leaves alone a group the registry declares for the decoy', () => {
    expect(categories({ ...clean(), groups: ['backup-operators'] })).toEqual([]);
  });

  it("files AWS's quarantine policies under aws-exposure, not as an attacker's grant", () => {
    expect(
      categories({
        ...clean(),
        attachedPolicies: [
          {
            name: 'AWSCompromisedKeyQuarantineV3',
            arn: 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3',
          },
        ],
        inlinePolicies: ['AWSExposedCredentialPolicy_DO_NOT_REMOVE'],
      }),
    ).toEqual(['aws-exposure', 'aws-exposure']);
  });

  it('flags a missing user, a missing or inactive registry key and a key the registry does not list', () => {
    expect(categories(undefined)).toEqual(['decoy-missing']);
    expect(categories({ ...clean(), accessKeys: [] })).toEqual(['key-missing']);
    expect(
      categories({ ...clean(), accessKeys: [{ accessKeyId: 'AKIA2E0A8F3B244C9986', status: 'Inactive' }] }),
    ).toEqual(['key-inactive']);
    expect(
      categories({
        ...clean(),
        accessKeys: [...clean().accessKeys, { accessKeyId: 'AKIAEXTRAKEY00000001', status: 'Active' }],
      }),
    ).toEqual(['unregistered-key']);
  });
});

describe('last-used safety net', () => {
  const now = '2026-11-28T12:00:00.000Z';
  const options = { now, toleranceSeconds: 300, settleMinutes: 15 };
  const used = (lastUsedDate: string | undefined, lastSeen: string | undefined) =>
    lastUsedFindings(
      {
        decoy,
        posture: clean(),
        lastSeen,
        lastUsed: [
          {
            accessKeyId: 'AKIA2E0A8F3B244C9986',
            ...(lastUsedDate ? { lastUsedDate } : {}),
            serviceName: 's3',
            region: 'eu-north-1',
          },
        ],
      },
      options,
    );

  it('fires when IAM saw a use after the newest one honeytrail recorded, naming service and region', () => {
    const [finding] = used('2026-11-28T09:00:00.000Z', '2026-11-27T09:00:00Z');
    expect(finding).toMatchObject({ kind: 'safety-net', category: 'key-used-unseen', region: 'eu-north-1' });
    expect(finding?.title).toContain('s3 in eu-north-1');
    expect(findingId(finding!, now)).toBe(
      'safety-net:123456789012/prod-db-backup-user:AKIA2E0A8F3B244C9986:2026-11-28T09:00:00.000Z',
    );
  });

  it('fires when honeytrail never saw the key used at all', () => {
    expect(used('2026-11-28T09:00:00.000Z', undefined)).toHaveLength(1);
  });

  it('stays quiet for a never-used key, a use within the tolerance, and a use too recent to judge', () => {
    expect(used(undefined, undefined)).toEqual([]);
    expect(used('2026-11-28T09:04:00.000Z', '2026-11-28T09:00:00Z')).toEqual([]);
    expect(used('2026-11-28T11:50:00.000Z', '2026-11-27T09:00:00Z')).toEqual([]);
  });
});

describe('finding → detection', () => {
  it('is critical, not suppressible, with the neutral audit actor and the same id on every run', () => {
    const [finding] = postureFindings(decoy, { ...clean(), groups: ['platform-admins'] });
    const first = findingDetection(finding!, '2026-11-28T10:00:00.000Z', 'us-east-1');
    const later = findingDetection(finding!, '2026-11-28T10:00:00.000Z', 'us-east-1');
    expect(first).toEqual(later);
    expect(first).toMatchObject({
      id: 'audit:123456789012/prod-db-backup-user:group:platform-admins@2026-11-28T10:00:00.000Z',
      kind: 'audit',
      severity: 'critical',
      suppressible: false,
      actor: AUDIT_ACTOR,
      event: { source: 'iam.amazonaws.com', name: 'ListGroupsForUser', target: 'user/prod-db-backup-user' },
    });
    expect(AUDIT_ACTOR).toEqual({
      sourceIp: 'honeytrail audit',
      ipKind: 'missing',
      verdict: 'unknown',
      confidence: 0,
      reasons: ['found by the scheduled audit'],
      escalate: false,
      userAgent: '(none)',
    });
  });
});
