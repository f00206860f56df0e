import middy from '@middy/core';
import type { CloudTrailEnvelope } from '../lib/cloudtrail/schema.ts';
import { loadConfig } from '../lib/config.ts';
import { useRule } from '../lib/detect/rules.ts';
import { logger } from '../lib/log.ts';
import { cloudTrailEvent } from '../lib/middleware/cloudtrail-event.ts';
import { buildPipeline } from '../lib/pipeline/build.ts';
import { type ProcessDeps, processRecord } from '../lib/pipeline/process.ts';

/** EventBridge → decoy-use detection → DynamoDB (exactly once) → SNS alert. */
export function makeHandler(pipeline: ProcessDeps, options: middy.PluginObject = {}) {
  return middy<CloudTrailEnvelope>(options)
    .use(cloudTrailEvent())
    .handler(async (event) => {
      const result = await processRecord(event.detail, pipeline);
      logger.info('processed', { ...result });
      return result;
    });
}

export const handler = makeHandler(buildPipeline(loadConfig(), [useRule]));
