import { readFileSync } from 'node:fs';
import { RegistryError } from '../errors.ts';
import { parseRegistryJson, type Registry } from './registry.ts';
import { parseRegistry } from './registry-yaml.ts';

/** Why a registry path cannot be read, with the fix for the common case of a fresh clone. */
function readProblem(path: string, cause: NodeJS.ErrnoException): string {
  if (cause.code === 'ENOENT') {
    return `no decoy registry at ${path}: pass --decoys FILE, or start one with: cp decoys.example.yml decoys.yml`;
  }
  return `cannot read decoy registry ${path}: ${cause.message}`;
}

/** Reads a decoy registry: the compiled JSON (in Lambda) or the YAML you edit (anywhere else). */
export function loadRegistryFile(path: string): Registry {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new RegistryError(readProblem(path, cause as NodeJS.ErrnoException), { cause });
  }
  return path.endsWith('.json') ? parseRegistryJson(text, path) : parseRegistry(text, path);
}
