import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { useEventPatterns } from '../../src/lib/decoys/patterns.ts';
import { buildRegistry } from '../../src/lib/decoys/registry.ts';
import { parseRegistry } from '../../src/lib/decoys/registry-yaml.ts';

const registry = parseRegistry(readFileSync('test/events/decoys.yml', 'utf8'));

describe('use event patterns', () => {
  it('lists every decoy key and every decoy user by account', () => {
    const [pattern, ...rest] = useEventPatterns(registry);
    expect(rest).toHaveLength(0);
    const text = JSON.stringify(pattern);
    for (const decoy of registry.decoys) {
      expect(text).toContain(decoy.userName);
      for (const key of decoy.accessKeyIds) expect(text).toContain(key);
    }
    expect(pattern?.['detail-type']).toContain('AWS Console Sign In via CloudTrail');
  });

  it('splits a large registry into several patterns, each within the 2048-character quota', () => {
    const decoys = Array.from({ length: 120 }, (_, i) => ({
      userName: `svc-batch-worker-${String(i).padStart(3, '0')}`,
      accountId: '123456789012',
      accessKeyIds: [`AKIA${String(i).padStart(16, '0')}`],
      placement: 'test',
    }));
    const patterns = useEventPatterns(buildRegistry({ decoys }));
    expect(patterns.length).toBeGreaterThan(1);
    for (const pattern of patterns) expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(2048);
    const all = patterns.map((p) => JSON.stringify(p)).join();
    for (const decoy of decoys) expect(all).toContain(decoy.accessKeyIds[0]);
  });
});
