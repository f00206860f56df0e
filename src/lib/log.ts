import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs. Never pass a secret: decoy secret keys are not in the stack at all. */
export const logger = new Logger({ serviceName: 'honeytrail' });
