import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { analyzeEntry, type ValidResult } from '../../../src/lib/cli/analyze.ts';
import { formatTable, summaryLine, totals } from '../../../src/lib/cli/format.ts';
import { loadRegistryFile } from '../../../src/lib/decoys/load.ts';
import { ALL_RULES } from '../../../src/lib/detect/all-rules.ts';

const registry = loadRegistryFile('test/events/decoys.yml');
const fixture = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(`test/events/${path}`, 'utf8')) as Record<string, unknown>;

describe('analyzeEntry', () => {
  it('accepts a bare CloudTrail record as well as an EventBridge envelope', () => {
    const envelope = fixture('use/sts-getcalleridentity-boto3.json');
    const fromEnvelope = analyzeEntry({ source: 'env', value: envelope }, registry, ALL_RULES);
    const fromRecord = analyzeEntry(
      { source: 'rec', value: structuredClone(envelope.detail) },
      registry,
      ALL_RULES,
    );
    expect(fromEnvelope).toMatchObject({ valid: true, eventName: 'GetCallerIdentity' });
    expect({ ...fromRecord, source: 'env' }).toEqual(fromEnvelope);
  });

  it('stays silent when the same call is made by a key and user that are not decoys', () => {
    const event = structuredClone(fixture('use/sts-getcalleridentity-boto3.json'));
    const detail = event.detail as { userIdentity: Record<string, string> };
    detail.userIdentity.accessKeyId = 'AKIAIOSFODNN7EXAMPLE';
    detail.userIdentity.userName = 'alice.dev';
    detail.userIdentity.arn = 'arn:aws:iam::123456789012:user/alice.dev';
    const result = analyzeEntry({ source: 'x', value: event }, registry, ALL_RULES) as ValidResult;
    expect(result.detections).toEqual([]);
  });

  it('names the failing field of a bare record', () => {
    const record = structuredClone(fixture('docs/kms-rotatekey-service-event.json'));
    delete record.eventSource;
    expect(analyzeEntry({ source: 'x', value: record }, registry, ALL_RULES)).toEqual({
      source: 'x',
      valid: false,
      error: expect.stringMatching(/invalid CloudTrail record: eventSource/),
    });
  });

  it('neutralises control characters in the source label', () => {
    const result = analyzeEntry({ source: 'evil\n\u202Ename.json', error: 'boom' }, registry, ALL_RULES);
    expect(result).toEqual({ source: 'evil name.json', valid: false, error: 'boom' });
  });
});

describe('table output', () => {
  const results = [
    analyzeEntry(
      { source: 'one.json', value: fixture('use/sts-getcalleridentity-trufflehog.json') },
      registry,
      ALL_RULES,
    ),
    analyzeEntry({ source: 'two.json', value: fixture('none/service-call.json') }, registry, ALL_RULES),
    analyzeEntry({ source: 'three.json', error: 'not valid JSON: Unexpected end' }, registry, ALL_RULES),
  ];

  it('counts events, invalid events and detections', () => {
    expect(totals(results)).toEqual({ events: 3, invalid: 1, detections: 1 });
    expect(summaryLine({ events: 1, invalid: 0, detections: 1 })).toBe('1 event, 0 invalid, 1 detection');
  });

  it('aligns columns and lists why each invalid event was rejected', () => {
    const lines = formatTable(results).split('\n');
    const header = lines[0] ?? '';
    const ipColumn = header.indexOf('SOURCE IP');
    expect(lines[1]?.slice(ipColumn)).toMatch(/^167\.99\.32\.11\s+TruffleHog\s+automated$/);
    expect(lines[2]?.slice(ipColumn)).toMatch(/^sqs\.amazonaws\.com\s+-\s+unknown$/);
    expect(lines[3]).toMatch(/^three\.json\s+\(invalid\)/);
    expect(lines).toContain('  three.json: not valid JSON: Unexpected end');
    expect(lines.at(-2)).toBe('3 events, 1 invalid, 1 detection');
  });
});
