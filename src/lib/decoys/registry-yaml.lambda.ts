import { RegistryError } from '../errors.ts';
import type { Registry } from './registry.ts';

/**
 * Stands in for registry-yaml.ts inside Lambda bundles, which carry no YAML parser: `serverless
 * package` compiles decoys.yml to JSON and points DECOYS_FILE at it.
 */
export function parseRegistry(_text: string, source = 'decoys.yml'): Registry {
  throw new RegistryError(
    `${source}: functions read the JSON registry that \`serverless package\` compiles from decoys.yml; set DECOYS_FILE to it`,
  );
}
