import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

/** The one STS adapter: who is running the command, for the who of an acknowledge or resolve. */
export function makeSts({ client = new STSClient({}) }: { client?: STSClient } = {}) {
  return {
    async callerArn(): Promise<string> {
      const identity = await client.send(new GetCallerIdentityCommand({}));
      if (!identity.Arn) throw new Error('sts:GetCallerIdentity returned no ARN');
      return identity.Arn;
    },
  };
}

export type Sts = ReturnType<typeof makeSts>;
