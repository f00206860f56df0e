import type {
  HandlerExecutionContext,
  InitializeHandler,
  InitializeHandlerArguments,
  MetadataBearer,
  MiddlewareStack,
} from '@smithy/types';

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
]);

/**
 * Makes every failed call say which service and call failed, e.g. "IAM GetUser failed
 * (AccessDenied): ...", and how to fix missing or expired credentials. The error keeps its name
 * and class, so code that handles a specific AWS error still recognises it.
 */
export function nameFailedCalls<I extends object, O extends MetadataBearer>(client: {
  middlewareStack: MiddlewareStack<I, O>;
}): void {
  client.middlewareStack.add(
    (next: InitializeHandler<I, O>, context: HandlerExecutionContext) =>
      async (args: InitializeHandlerArguments<I>) => {
        try {
          return await next(args);
        } catch (error) {
          if (error instanceof Error) {
            const service = String(context.clientName ?? 'AWS').replace(/Client$/, '');
            const call = String(context.commandName ?? 'call').replace(/Command$/, '');
            const fix = CREDENTIAL_ERRORS.has(error.name)
              ? ' Configure AWS credentials for the account (aws configure, AWS_PROFILE or AWS_ACCESS_KEY_ID).'
              : '';
            const stop = /[.!?]$/.test(error.message) ? '' : '.';
            error.message = `${service} ${call} failed (${error.name}): ${error.message}${fix ? `${stop}${fix}` : ''}`;
          }
          throw error;
        }
      },
    { step: 'initialize', name: 'honeytrailNameFailedCalls', override: true },
  );
}
