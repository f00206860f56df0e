import { loadConfig } from '../lib/config.ts';
import { ALL_RULES } from '../lib/detect/all-rules.ts';
import { makeCloudTrailHandler } from '../lib/middleware/handler.ts';
import { buildPipeline } from '../lib/pipeline/build.ts';

/** EventBridge (IAM changes aimed at decoys, calls against honeytrail itself) → critical alert, never suppressed. */
const config = loadConfig();
export const handler = makeCloudTrailHandler(buildPipeline(config, ALL_RULES));
