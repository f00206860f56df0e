import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { loadConfig } from '../lib/config.ts';
import { logger } from '../lib/log.ts';
import { buildRedrive } from '../lib/queue/build.ts';
import { type RedriveDeps, runRedrive } from '../lib/queue/run.ts';

/** Stop taking new dead letters when less than this is left: one more invocation must fit. */
const RESERVE_MS = 45_000;

/** Schedule (every 5 minutes) → dead letters back into their functions, with backoff → overdue notice. */
export function makeHandler(deps: RedriveDeps, options: middy.PluginObject = {}) {
  return middy<ScheduledEvent>(options).handler(async (_event, context) => {
    const summaries = await runRedrive({
      outOfTime: () => context.getRemainingTimeInMillis() < RESERVE_MS,
      report: (line) => logger.info(line),
      ...deps,
    });
    for (const summary of summaries) logger.info('redrive', { ...summary, overdue: summary.overdue.length });
    return summaries;
  });
}

export const handler = makeHandler(buildRedrive(loadConfig()));
