import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseEnvelope } from '../../src/lib/cloudtrail/schema.ts';
import { loadConfig } from '../../src/lib/config.ts';
import { ALL_RULES } from '../../src/lib/detect/all-rules.ts';
import { analyzeRecord } from '../../src/lib/detect/rules.ts';
import { buildPipeline } from '../../src/lib/pipeline/build.ts';

const base = {
  TABLE_NAME: 'honeytrail-test',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:honeytrail-alerts',
  DECOYS_FILE: 'test/events/decoys.yml',
};

describe('configuration', () => {
  it('applies defaults and splits the comma lists', () => {
    const config = loadConfig({ ...base, HONEYTRAIL_RULE_NAMES: 'a, b,,c' });
    expect(config).toMatchObject({
      INCIDENT_QUIET_SECONDS: 86_400,
      DIGEST_WINDOW_SECONDS: 3600,
      RETENTION_DAYS: 365,
      HONEYTRAIL_RULE_NAMES: ['a', 'b', 'c'],
    });
  });

  it('names every missing or malformed variable in one startup error', () => {
    expect(() => loadConfig({ TOPIC_ARN: 'not-an-arn', DIGEST_WINDOW_SECONDS: 'soon' })).toThrow(
      /TABLE_NAME: .*TOPIC_ARN: set TOPIC_ARN to the alert topic ARN.*DIGEST_WINDOW_SECONDS/,
    );
  });

  it('uses a configured Tor exit list in the pipeline, which raises the verdict reasons and severity', () => {
    const dir = mkdtempSync(join(tmpdir(), 'honeytrail-tor-'));
    const torFile = join(dir, 'exits.txt');
    writeFileSync(torFile, '# exit list\n185.220.101.47\n');
    const pipeline = buildPipeline(loadConfig({ ...base, TOR_EXIT_LIST_FILE: torFile }), ALL_RULES);
    const event = JSON.parse(readFileSync('test/events/use/session-key-from-decoy.json', 'utf8'));
    const { actor, detections } = analyzeRecord(parseEnvelope(event).detail, pipeline.context, ALL_RULES);
    expect(actor.reasons).toContain('source is a Tor exit node');
    expect(detections[0]?.severity).toBe('critical');

    // Without the list the exact match is gone; the shipped anonymizer table still knows the network.
    const plain = buildPipeline(loadConfig(base), ALL_RULES);
    const without = analyzeRecord(parseEnvelope(event).detail, plain.context, ALL_RULES);
    expect(without.actor.reasons).not.toContain('source is a Tor exit node');
    expect(without.actor.network).toBe('anonymizer');
  });
});
