import { type EventPattern, PATTERN_LIMIT } from '../src/lib/decoys/patterns.ts';
import { buildRegistry, type Decoy, type Registry } from '../src/lib/decoys/registry.ts';
import { detectorPatterns, tamperEventPatterns } from '../src/lib/detect/tamper/patterns.ts';

/**
 * The tamper rules' patterns, from the same generator the handlers' tests and the local runs use,
 * split by decoys so each pattern stays within EventBridge's size quota.
 */
export function tamperRulePatterns(registry: Registry, limit = PATTERN_LIMIT): EventPattern[] {
  const patternsFor = (decoys: Decoy[]) => tamperEventPatterns(subset(decoys)).map((named) => named.pattern);
  const fits = (decoys: Decoy[]) => patternsFor(decoys).every((p) => JSON.stringify(p).length <= limit);
  const out: EventPattern[] = [];
  let batch: Decoy[] = [];
  for (const decoy of registry.decoys) {
    if (batch.length > 0 && !fits([...batch, decoy])) {
      out.push(...patternsFor(batch));
      batch = [];
    }
    batch.push(decoy);
  }
  if (batch.length) out.push(...patternsFor(batch));
  for (const pattern of out) {
    const size = JSON.stringify(pattern).length;
    if (size > limit)
      throw new Error(`a tamper event pattern is ${size} characters, over the ${limit} quota`);
  }
  return out;
}

/** The registry of just these decoys, built and indexed like any other. */
const subset = (decoys: Decoy[]): Registry => buildRegistry({ decoys });

/** Calls that would blind honeytrail itself, on every resource it deploys, split to the quota. */
export function detectorTamperPatterns(limit = PATTERN_LIMIT): EventPattern[] {
  return detectorPatterns(limit).map((named) => named.pattern);
}
