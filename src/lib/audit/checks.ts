import type { KeyLastUsed, UserPosture } from '../aws/iam.ts';
import type { Decoy } from '../decoys/registry.ts';
import type { DecoyRef } from '../detect/detection.ts';
import type { Finding } from './finding.ts';

const IAM = 'iam.amazonaws.com';
/** AWS attaches these itself when it finds a key published somewhere public. */
const QUARANTINE = /^arn:aws[a-z-]*:iam::aws:policy\/AWSCompromisedKeyQuarantine(V\d+)?$/;
const QUARANTINE_INLINE = 'AWSExposedCredentialPolicy_DO_NOT_REMOVE';

export interface DecoyObservation {
  decoy: Decoy;
  /** Undefined when IAM has no such user. */
  posture: UserPosture | undefined;
  lastUsed: KeyLastUsed[];
  /** Event time of the newest use or safety-net detection stored for the decoy. */
  lastSeen: string | undefined;
}

export interface LastUsedOptions {
  /** ISO time of this audit run. */
  now: string;
  /** IAM's last-used time and CloudTrail's event time for one call may differ by this much. */
  toleranceSeconds: number;
  /** Uses this recent are left for the next run: their CloudTrail event may still be in flight. */
  settleMinutes: number;
}

export const DEFAULT_LAST_USED: Omit<LastUsedOptions, 'now'> = { toleranceSeconds: 300, settleMinutes: 15 };

function ref(decoy: Decoy): DecoyRef {
  return { userName: decoy.userName, accountId: decoy.accountId, placement: decoy.placement };
}

/** Builds findings for one decoy, all sharing its identity and the steps every drift needs. */
function finder(decoy: Decoy) {
  const subject = `${decoy.accountId}/${decoy.userName}`;
  return (
    fields: Omit<Finding, 'kind' | 'key' | 'decoy' | 'source' | 'target' | 'accountId'> & { id: string },
  ) => {
    const { id, ...rest } = fields;
    return {
      ...rest,
      kind: 'audit',
      key: `${subject}:${id}`,
      decoy: ref(decoy),
      source: IAM,
      target: `user/${decoy.userName}`,
      accountId: decoy.accountId,
      nextSteps: [
        ...rest.nextSteps,
        `Find who made the change: CloudTrail, iam.amazonaws.com events with userName ${decoy.userName}.`,
      ],
    } satisfies Finding;
  };
}

/** Everything a decoy user must not have: any grant, console access or second factor. */
export function postureFindings(decoy: Decoy, posture: UserPosture | undefined): Finding[] {
  const found = finder(decoy);
  const name = decoy.userName;
  if (!posture) {
    return [
      found({
        id: 'user-missing',
        category: 'decoy-missing',
        call: 'GetUser',
        title: `Decoy ${name} no longer exists in IAM`,
        summary: `decoys.yml lists ${name}, but IAM has no such user. Its keys no longer work, so a thief who holds them gets errors honeytrail may not see.`,
        nextSteps: [
          'If the decoy was retired on purpose, remove it from decoys.yml and redeploy; otherwise create a new one.',
        ],
      }),
    ];
  }
  const findings: Finding[] = [];
  for (const policy of posture.attachedPolicies) {
    const quarantine = QUARANTINE.test(policy.arn);
    findings.push(
      found({
        id: `policy-attached:${policy.arn}`,
        category: quarantine ? 'aws-exposure' : 'policy-attached',
        call: 'ListAttachedUserPolicies',
        title: quarantine
          ? `AWS quarantined decoy ${name}: ${policy.name}`
          : `Policy ${policy.name} is attached to decoy ${name}`,
        summary: quarantine
          ? `AWS attached ${policy.arn} to ${name}, which it does when it finds the key published in public. The decoy leaked beyond where it was planted.`
          : `The managed policy ${policy.arn} is attached to ${name}. A decoy must hold no permissions: anyone with its key can now use them.`,
        nextSteps: quarantine
          ? ['Search public code hosts and paste sites for the key ID to learn where it leaked.']
          : [`Detach ${policy.arn} from ${name} now (aws iam detach-user-policy).`],
      }),
    );
  }
  for (const policy of posture.inlinePolicies) {
    const quarantine = policy === QUARANTINE_INLINE;
    findings.push(
      found({
        id: `inline-policy:${policy}`,
        category: quarantine ? 'aws-exposure' : 'inline-policy',
        call: 'ListUserPolicies',
        title: quarantine
          ? `AWS quarantined decoy ${name}: ${policy}`
          : `Inline policy ${policy} on decoy ${name}`,
        summary: quarantine
          ? `AWS put ${policy} on ${name}, which it does when it finds the key published in public.`
          : `${name} carries an inline policy named ${policy}. A decoy must hold no permissions.`,
        nextSteps: quarantine
          ? ['Search public code hosts and paste sites for the key ID to learn where it leaked.']
          : [`Delete the inline policy ${policy} from ${name} now (aws iam delete-user-policy).`],
      }),
    );
  }
  for (const group of posture.groups) {
    if (decoy.groups.includes(group)) continue;
    findings.push(
      found({
        id: `group:${group}`,
        category: 'group-member',
        call: 'ListGroupsForUser',
        title: `Decoy ${name} was added to group ${group}`,
        summary: `${name} is a member of ${group}, so it holds whatever that group grants.`,
        nextSteps: [`Remove ${name} from ${group} now (aws iam remove-user-from-group).`],
      }),
    );
  }
  if (posture.permissionsBoundary) {
    findings.push(
      found({
        id: `boundary:${posture.permissionsBoundary}`,
        category: 'permissions-boundary',
        call: 'GetUser',
        title: `Decoy ${name} has a permissions boundary`,
        summary: `${name} has the boundary ${posture.permissionsBoundary}. Decoys are created without one; someone changed it.`,
        nextSteps: [`Delete the boundary from ${name} (aws iam delete-user-permissions-boundary).`],
      }),
    );
  }
  if (posture.loginProfileCreated) {
    findings.push(
      found({
        id: `login-profile:${posture.loginProfileCreated}`,
        category: 'login-profile',
        call: 'GetLoginProfile',
        title: `Decoy ${name} has a console password`,
        summary: `A console password was created for ${name} (${posture.loginProfileCreated}). Someone gave the decoy a way into the console.`,
        nextSteps: [`Delete the login profile of ${name} now (aws iam delete-login-profile).`],
      }),
    );
  }
  for (const serial of posture.mfaDevices) {
    findings.push(
      found({
        id: `mfa:${serial}`,
        category: 'mfa-device',
        call: 'ListMFADevices',
        title: `Decoy ${name} has an MFA device`,
        summary: `The MFA device ${serial} is enabled on ${name}. Decoys have none; this looks like persistence.`,
        nextSteps: [`Deactivate and delete ${serial} (aws iam deactivate-mfa-device).`],
      }),
    );
  }
  return [...findings, ...keyFindings(decoy, posture)];
}

/** The keys in decoys.yml must exist and be active; a key the registry does not list is new. */
function keyFindings(decoy: Decoy, posture: UserPosture): Finding[] {
  const found = finder(decoy);
  const name = decoy.userName;
  const findings: Finding[] = [];
  const actual = new Map(posture.accessKeys.map((key) => [key.accessKeyId, key]));
  for (const keyId of decoy.accessKeyIds) {
    const key = actual.get(keyId);
    if (!key) {
      findings.push(
        found({
          id: `key-missing:${keyId}`,
          category: 'key-missing',
          call: 'ListAccessKeys',
          title: `Decoy key ${keyId} of ${name} is gone`,
          summary: `decoys.yml lists ${keyId} for ${name}, but IAM no longer has it. The planted copy is dead.`,
          nextSteps: ['Create a fresh key for the decoy, replant it and update decoys.yml.'],
        }),
      );
    } else if (key.status !== 'Active') {
      findings.push(
        found({
          id: `key-inactive:${keyId}`,
          category: 'key-inactive',
          call: 'ListAccessKeys',
          title: `Decoy key ${keyId} of ${name} is ${key.status}`,
          summary: `${keyId} is no longer active, so a thief's calls fail before they reach the trail as decoy use.`,
          nextSteps: [`Reactivate ${keyId} unless you disabled it on purpose.`],
        }),
      );
    }
  }
  if (decoy.accessKeyIds.length > 0) {
    for (const key of posture.accessKeys) {
      if (decoy.accessKeyIds.includes(key.accessKeyId)) continue;
      findings.push(
        found({
          id: `unregistered-key:${key.accessKeyId}`,
          category: 'unregistered-key',
          call: 'ListAccessKeys',
          title: `Decoy ${name} has a key decoys.yml does not list: ${key.accessKeyId}`,
          summary: `${key.accessKeyId} (created ${key.created ?? 'at an unknown time'}) was added to ${name}. Someone may be keeping their own way in.`,
          nextSteps: [`Delete ${key.accessKeyId} unless you created it; if you did, add it to decoys.yml.`],
        }),
      );
    }
  }
  return findings;
}

/**
 * The safety net: IAM says a key was used after the last use honeytrail saw, so it was used
 * through a path that never reached us (an unlogged API, a region without a rule, a lost event).
 */
export function lastUsedFindings(observation: DecoyObservation, options: LastUsedOptions): Finding[] {
  const { decoy, lastSeen } = observation;
  const seenMs = lastSeen ? Date.parse(lastSeen) : Number.NEGATIVE_INFINITY;
  const settledBefore = Date.parse(options.now) - options.settleMinutes * 60_000;
  const findings: Finding[] = [];
  for (const used of observation.lastUsed) {
    if (!used.lastUsedDate) continue;
    const usedMs = Date.parse(used.lastUsedDate);
    if (usedMs > settledBefore || usedMs <= seenMs + options.toleranceSeconds * 1000) continue;
    const where = `${used.serviceName ?? 'an unnamed service'} in ${used.region ?? 'an unnamed region'}`;
    findings.push({
      kind: 'safety-net',
      key: `${decoy.accountId}/${decoy.userName}:${used.accessKeyId}`,
      time: used.lastUsedDate,
      category: 'key-used-unseen',
      title: `Decoy ${decoy.userName} was used where honeytrail could not see it (${where})`,
      summary: `IAM reports ${used.accessKeyId} last used at ${used.lastUsedDate} with ${where}, but the newest use honeytrail recorded is ${lastSeen ?? 'none at all'}. The key was used through a path that did not reach the detector.`,
      nextSteps: [
        `Treat the place it was planted as breached: ${decoy.placement}.`,
        `Check that a trail logs ${used.region ?? 'that region'} and that a honeytrail rule forwards it; some APIs are not logged by CloudTrail at all.`,
        'Search CloudTrail (and data-event trails) for the key ID around that time to find the caller.',
      ],
      decoy: ref(decoy),
      source: `${used.serviceName ?? 'unknown'}.amazonaws.com`,
      call: '(not in CloudTrail)',
      target: `access-key/${used.accessKeyId}`,
      accountId: decoy.accountId,
      ...(used.region ? { region: used.region } : {}),
    });
  }
  return findings;
}
