import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { type AuditWiring, buildAudit } from '../lib/audit/build.ts';
import { runScheduledAudit } from '../lib/audit/run.ts';
import { loadConfig } from '../lib/config.ts';
import { logger } from '../lib/log.ts';

/** The function's own ARN says which account IAM answers for and where the audit runs. */
const whereAmI = (context: Context) => {
  const [, , , region = '', accountId = ''] = context.invokedFunctionArn.split(':');
  return { region, accountId };
};

/** EventBridge schedule (hourly by default) → audit of decoys, trail and rules → exactly-once alerts. */
export function makeHandler(wiring: AuditWiring, options: middy.PluginObject = {}) {
  return middy<ScheduledEvent>(options).handler(async (_event, context) => {
    const result = await runScheduledAudit({ ...wiring, ...whereAmI(context) });
    logger.info('audit', {
      ...result.summary,
      open: Object.keys(result.summary.open).length,
      notes: result.notes,
    });
    return result;
  });
}

export const handler = makeHandler(buildAudit(loadConfig()));
