import middy from '@middy/core';
import type { CloudTrailEnvelope } from '../cloudtrail/schema.ts';
import { logger } from '../log.ts';
import { type ProcessDeps, processRecord } from '../pipeline/process.ts';
import { cloudTrailEvent } from './cloudtrail-event.ts';

/** The middy chain shared by the CloudTrail handlers: validate at the edge, then run the pipeline. */
export function makeCloudTrailHandler(pipeline: ProcessDeps, options: middy.PluginObject = {}) {
  return middy<CloudTrailEnvelope>(options)
    .use(cloudTrailEvent())
    .handler(async (event) => {
      const result = await processRecord(event.detail, pipeline);
      logger.info('processed', { ...result });
      return result;
    });
}
