import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

/** The function answered with an error: the dead letter must stay where it is. */
export class ReplayInvokeError extends Error {
  override name = 'ReplayInvokeError';
}

/**
 * Synchronous invoke, so success is known before the dead letter is deleted. Replaying through
 * EventBridge is not an option: PutEvents refuses sources starting with `aws.`.
 */
export function makeInvoker({ client = new LambdaClient({}) }: { client?: LambdaClient } = {}) {
  return {
    async invoke(functionArn: string, event: unknown): Promise<void> {
      const result = await client.send(
        new InvokeCommand({
          FunctionName: functionArn,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(event)),
        }),
      );
      if (result.FunctionError) {
        const detail = result.Payload ? new TextDecoder().decode(result.Payload).slice(0, 500) : '';
        throw new ReplayInvokeError(`${functionArn} returned ${result.FunctionError}: ${detail}`);
      }
    },
  };
}

export type Invoker = ReturnType<typeof makeInvoker>;
