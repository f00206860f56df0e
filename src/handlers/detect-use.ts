import { loadConfig } from '../lib/config.ts';
import { ALL_RULES } from '../lib/detect/all-rules.ts';
import { makeCloudTrailHandler } from '../lib/middleware/handler.ts';
import { buildPipeline } from '../lib/pipeline/build.ts';

/** EventBridge (calls made with decoy credentials) → detection → DynamoDB exactly once → SNS alert. */
const config = loadConfig();
export const handler = makeCloudTrailHandler(buildPipeline(config, ALL_RULES));
