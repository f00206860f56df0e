import { parseDocument } from 'yaml';
import { RegistryError } from '../errors.ts';
import { buildRegistry, type Registry } from './registry.ts';

/**
 * Parses decoys.yml text. YAML syntax errors carry the line. Lambda bundles swap this module for
 * registry-yaml.lambda.ts (deploy/esbuild-plugins.cjs): functions read the compiled JSON instead.
 */
export function parseRegistry(text: string, source = 'decoys.yml'): Registry {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    throw new RegistryError(`${source}: YAML syntax error: ${first?.message.split('\n')[0]}`, {
      cause: first,
    });
  }
  return buildRegistry(doc.toJS(), source);
}
