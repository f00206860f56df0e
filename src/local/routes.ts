import type { CloudTrailEnvelope } from '../lib/cloudtrail/schema.ts';
import { loadConfig } from '../lib/config.ts';
import { loadRegistryFile } from '../lib/decoys/load.ts';
import { useEventPatterns } from '../lib/decoys/patterns.ts';
import { detectorResources } from '../lib/detect/detector-resources.ts';
import { tamperEventPatterns } from '../lib/detect/tamper/patterns.ts';
import type { Route } from './replay.ts';

/**
 * The names a deployed stack would pass to the detector self-protection rule. The detector fixtures
 * in test/events/detector/ target these names.
 */
export const FIXTURE_DEPLOYMENT = {
  HONEYTRAIL_RULE_NAMES: 'honeytrail-cloudtrail-home,honeytrail-forward-eu-west-1',
  HONEYTRAIL_FUNCTION_NAMES: 'honeytrail-prod-detect,honeytrail-prod-audit',
  TRAIL_NAME: 'honeytrail-management',
};

/**
 * The deployed rules and their target handlers, for local runs. Call after the environment points at
 * the local stack: the handler modules read their configuration when first imported, as in Lambda.
 */
export async function localRoutes(): Promise<Route[]> {
  const config = loadConfig();
  const registry = loadRegistryFile(config.DECOYS_FILE);
  // One at a time: jest's ESM loader fails on concurrent imports that share modules.
  const use = await import('../handlers/detect-use.ts');
  const tamper = await import('../handlers/detect-tamper.ts');
  const detector = detectorResources(config);
  // The middleware validates the raw event, as in Lambda; the casts only satisfy middy's typing.
  return [
    {
      rule: 'decoy-use',
      patterns: useEventPatterns(registry),
      invoke: (event, context) => use.handler(event as CloudTrailEnvelope, context),
    },
    {
      rule: 'decoy-tamper',
      patterns: tamperEventPatterns(registry, detector).map((named) => named.pattern),
      invoke: (event, context) => tamper.handler(event as CloudTrailEnvelope, context),
    },
  ];
}

/**
 * Values for the environment entries serverless.yml fills from CloudFormation references
 * (`${env:X, <ref>}`): `serverless invoke local` cannot resolve a reference, so the local run names
 * them itself. TABLE_NAME and TOPIC_ARN come from the local stack.
 */
export const INVOKE_LOCAL_ENV = {
  HONEYTRAIL_KEY_ARNS: 'arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000001',
  TRAIL_BUCKET: 'honeytrail-local-trail',
  CHAT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:honeytrail-local-chat',
  REDRIVE_QUEUE_URLS: 'http://127.0.0.1:9/queue/local-dlq',
};
