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
