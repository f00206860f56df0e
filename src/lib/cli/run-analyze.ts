import { loadRegistryFile } from '../decoys/load.ts';
import { ALL_RULES } from '../detect/all-rules.ts';
import type { Rule } from '../detect/rules.ts';
import { type AnalyzeResult, analyzeEntry } from './analyze.ts';
import { formatTable, toJsonLine } from './format.ts';
import { listInputFiles, readInputFile } from './read.ts';

export interface AnalyzeOptions {
  decoys: string;
  json: boolean;
  rules?: readonly Rule[];
}

export interface Output {
  write(text: string): void;
}

/**
 * `honeytrail analyze`: loads the registry, lists every input file up front (so a missing PATH
 * fails before any output), then analyses each event. Throws RegistryError or InputError for the
 * caller to turn into exit code 2.
 */
export function runAnalyze(paths: readonly string[], options: AnalyzeOptions, out: Output): AnalyzeResult[] {
  const registry = loadRegistryFile(options.decoys);
  const rules = options.rules ?? ALL_RULES;
  const files = paths.flatMap(listInputFiles);
  const results: AnalyzeResult[] = [];
  for (const file of files) {
    for (const entry of readInputFile(file)) {
      const result = analyzeEntry(entry, registry, rules);
      results.push(result);
      if (options.json) out.write(`${toJsonLine(result)}\n`);
    }
  }
  if (!options.json) out.write(formatTable(results));
  return results;
}
