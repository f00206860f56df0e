/** IAM calls that change a decoy user, grouped by what they mean. Shared by the rules and the patterns. */
export const PRIVILEGE_GRANT_CALLS = [
  'AttachUserPolicy',
  'PutUserPolicy',
  'AddUserToGroup',
  'PutUserPermissionsBoundary',
  'DeleteUserPermissionsBoundary',
] as const;

export const CREDENTIAL_CREATE_CALLS = [
  'CreateAccessKey',
  'CreateLoginProfile',
  'UpdateLoginProfile',
  'UploadSSHPublicKey',
  'CreateServiceSpecificCredential',
  'UploadSigningCertificate',
  'EnableMFADevice',
  'CreateVirtualMFADevice',
] as const;

export const KEY_STATE_CALLS = ['UpdateAccessKey', 'DeleteAccessKey'] as const;

export const DECOY_REMOVED_CALLS = ['DeleteUser'] as const;

export const GROUP_GRANT_CALLS = ['AttachGroupPolicy', 'PutGroupPolicy'] as const;

/** Tags on a user can grant access through ABAC conditions (`aws:PrincipalTag/...`). */
export const TAG_CALLS = ['TagUser', 'UntagUser'] as const;

/** Reported only when the policy removed is AWS's own quarantine policy. */
export const QUARANTINE_REMOVAL_CALLS = ['DetachUserPolicy', 'DeleteUserPolicy'] as const;

/** Every call whose target is named by requestParameters.userName. */
export const USER_TARGET_CALLS: readonly string[] = [
  ...PRIVILEGE_GRANT_CALLS,
  ...CREDENTIAL_CREATE_CALLS.filter((name) => name !== 'CreateVirtualMFADevice'),
  ...KEY_STATE_CALLS,
  ...DECOY_REMOVED_CALLS,
  ...TAG_CALLS,
  ...QUARANTINE_REMOVAL_CALLS,
];

/**
 * Calls where IAM acts on the caller's own user when userName is left out, so a decoy key
 * minting a key for itself names no user at all.
 */
export const DEFAULTS_TO_CALLER: ReadonlySet<string> = new Set([
  'CreateAccessKey',
  'UpdateAccessKey',
  'DeleteAccessKey',
  'UploadSigningCertificate',
  'CreateLoginProfile',
  'UpdateLoginProfile',
]);

export const IAM_SOURCE = 'iam.amazonaws.com';

/** AWS's own quarantine policies, attached when it finds a key exposed in public. */
export const QUARANTINE_POLICY_ARN =
  /^arn:aws(-us-gov|-cn)?:iam::aws:policy\/AWSCompromisedKeyQuarantine(V\d+)?$/;
export const QUARANTINE_INLINE_POLICY = 'AWSExposedCredentialPolicy_DO_NOT_REMOVE';
export const QUARANTINE_ARN_PREFIX = 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantine';
