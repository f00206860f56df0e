/** The parts of an IAM user ARN. The path is kept apart so matching can ignore it. */
export interface UserArn {
  partition: string;
  accountId: string;
  path: string;
  userName: string;
}

const USER_ARN = /^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}):user\/(.+)$/;

export function parseUserArn(arn: string | undefined): UserArn | undefined {
  if (!arn) return undefined;
  const match = USER_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, accountId, rest] = match as unknown as [string, string, string, string];
  const slash = rest.lastIndexOf('/');
  const userName = rest.slice(slash + 1);
  if (!userName) return undefined;
  return { partition, accountId, path: slash >= 0 ? `/${rest.slice(0, slash + 1)}` : '/', userName };
}
