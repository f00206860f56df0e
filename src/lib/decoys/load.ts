import { readFileSync } from 'node:fs';
import { RegistryError } from '../errors.ts';
import { parseRegistry, type Registry } from './registry.ts';

export function loadRegistryFile(path: string): Registry {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new RegistryError(`cannot read decoy registry ${path}: ${(cause as Error).message}`, { cause });
  }
  return parseRegistry(text, path);
}
