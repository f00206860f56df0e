import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListUserPoliciesCommand,
  UpdateAccessKeyCommand,
  type User,
} from '@aws-sdk/client-iam';

/** What IAM says a user holds. A decoy should hold one or more keys and nothing else. */
export interface UserPosture {
  userName: string;
  arn: string;
  attachedPolicies: { name: string; arn: string }[];
  inlinePolicies: string[];
  groups: string[];
  permissionsBoundary?: string;
  /** Creation time of the console password, when one exists. */
  loginProfileCreated?: string;
  mfaDevices: string[];
  accessKeys: AccessKeyInfo[];
}

export interface AccessKeyInfo {
  accessKeyId: string;
  status: string;
  created?: string;
}

export interface KeyLastUsed {
  accessKeyId: string;
  /** ISO time, absent when the key was never used. */
  lastUsedDate?: string;
  serviceName?: string;
  region?: string;
}

export const isNoSuchEntity = (error: unknown): boolean =>
  (error as Error | undefined)?.name === 'NoSuchEntityException' ||
  (error as Error | undefined)?.name === 'NoSuchEntity';

const iso = (date: Date | undefined): string | undefined => date?.toISOString();

/** Every page of a marker-paginated IAM list call. */
async function allPages<T>(
  fetch: (marker: string | undefined) => Promise<{ items: T[]; marker?: string | undefined }>,
): Promise<T[]> {
  const items: T[] = [];
  let marker: string | undefined;
  do {
    const page = await fetch(marker);
    items.push(...page.items);
    marker = page.marker;
  } while (marker);
  return items;
}

/** The one IAM adapter. IAM is global; its API lives in us-east-1 for the aws partition. */
export function makeIam({ client = new IAMClient({}) }: { client?: IAMClient } = {}) {
  async function listAccessKeys(userName: string): Promise<AccessKeyInfo[]> {
    return allPages(async (Marker) => {
      const page = await client.send(new ListAccessKeysCommand({ UserName: userName, Marker }));
      return {
        items: (page.AccessKeyMetadata ?? []).map((key) => ({
          accessKeyId: key.AccessKeyId ?? '',
          status: key.Status ?? 'Unknown',
          ...(key.CreateDate ? { created: iso(key.CreateDate) } : {}),
        })),
        marker: page.IsTruncated ? page.Marker : undefined,
      };
    });
  }

  return {
    /** No path, no tags, no boundary: anything extra is something an attacker can fingerprint. */
    async createUser(userName: string): Promise<{ arn: string; accountId: string }> {
      const result = await client.send(new CreateUserCommand({ UserName: userName }));
      const arn = result.User?.Arn ?? '';
      const accountId = arn.split(':')[4] ?? '';
      return { arn, accountId };
    },

    async createAccessKey(userName: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
      const result = await client.send(new CreateAccessKeyCommand({ UserName: userName }));
      const key = result.AccessKey;
      if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error('CreateAccessKey returned no key');
      return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
    },

    async deactivateAccessKey(userName: string, accessKeyId: string): Promise<void> {
      await client.send(
        new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: 'Inactive' }),
      );
    },

    async deleteAccessKey(userName: string, accessKeyId: string): Promise<void> {
      await client.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId }));
    },

    async deleteUser(userName: string): Promise<void> {
      await client.send(new DeleteUserCommand({ UserName: userName }));
    },

    listAccessKeys,

    async accessKeyLastUsed(accessKeyId: string): Promise<KeyLastUsed> {
      const result = await client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }));
      const used = result.AccessKeyLastUsed;
      return {
        accessKeyId,
        ...(used?.LastUsedDate ? { lastUsedDate: iso(used.LastUsedDate) } : {}),
        ...(used?.ServiceName && used.ServiceName !== 'N/A' ? { serviceName: used.ServiceName } : {}),
        ...(used?.Region && used.Region !== 'N/A' ? { region: used.Region } : {}),
      };
    },

    /** Everything a decoy must not have, plus its keys. Undefined when the user does not exist. */
    async userPosture(userName: string): Promise<UserPosture | undefined> {
      let user: User;
      try {
        user = (await client.send(new GetUserCommand({ UserName: userName }))).User ?? ({} as User);
      } catch (error) {
        if (isNoSuchEntity(error)) return undefined;
        throw error;
      }
      const [attachedPolicies, inlinePolicies, groups, mfaDevices, accessKeys, loginProfileCreated] =
        await Promise.all([
          allPages(async (Marker) => {
            const page = await client.send(
              new ListAttachedUserPoliciesCommand({ UserName: userName, Marker }),
            );
            return {
              items: (page.AttachedPolicies ?? []).map((p) => ({
                name: p.PolicyName ?? '',
                arn: p.PolicyArn ?? '',
              })),
              marker: page.IsTruncated ? page.Marker : undefined,
            };
          }),
          allPages(async (Marker) => {
            const page = await client.send(new ListUserPoliciesCommand({ UserName: userName, Marker }));
            return { items: page.PolicyNames ?? [], marker: page.IsTruncated ? page.Marker : undefined };
          }),
          allPages(async (Marker) => {
            const page = await client.send(new ListGroupsForUserCommand({ UserName: userName, Marker }));
            return {
              items: (page.Groups ?? []).map((g) => g.GroupName ?? ''),
              marker: page.IsTruncated ? page.Marker : undefined,
            };
          }),
          allPages(async (Marker) => {
            const page = await client.send(new ListMFADevicesCommand({ UserName: userName, Marker }));
            return {
              items: (page.MFADevices ?? []).map((d) => d.SerialNumber ?? ''),
              marker: page.IsTruncated ? page.Marker : undefined,
            };
          }),
          listAccessKeys(userName),
          client.send(new GetLoginProfileCommand({ UserName: userName })).then(
            (result) => iso(result.LoginProfile?.CreateDate) ?? 'unknown',
            (error: unknown) => {
              if (isNoSuchEntity(error)) return undefined;
              throw error;
            },
          ),
        ]);
      return {
        userName,
        arn: user.Arn ?? '',
        attachedPolicies,
        inlinePolicies,
        groups,
        ...(user.PermissionsBoundary?.PermissionsBoundaryArn
          ? { permissionsBoundary: user.PermissionsBoundary.PermissionsBoundaryArn }
          : {}),
        ...(loginProfileCreated ? { loginProfileCreated } : {}),
        mfaDevices,
        accessKeys,
      };
    },
  };
}

export type Iam = ReturnType<typeof makeIam>;
