import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { analyzeEntry, type ValidResult } from '../../../src/lib/cli/analyze.ts';
import { tableHeader, tableRows } from '../../../src/lib/cli/format.ts';
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

describe('table rows', () => {
  const hit = analyzeEntry(
    { source: 'one.json', value: fixture('use/sts-getcalleridentity-trufflehog.json') },
    registry,
    ALL_RULES,
  );
  const quiet = analyzeEntry(
    { source: 'two.json', value: fixture('none/service-call.json') },
    registry,
    ALL_RULES,
  );
  const bad = analyzeEntry(
    { source: 'three.json', error: 'not valid JSON: Unexpected end' },
    registry,
    ALL_RULES,
  );

  it('prints one fixed-width row per detection with time, region, account, call, result and source', () => {
    const header = tableHeader();
    const row = tableRows(hit);
    const at = (name: string) => header.indexOf(name);
    expect(row.slice(at('TIME'), at('REGION')).trim()).toBe('2026-11-20 08:02:51Z');
    expect(row.slice(at('DECOY'), at('DETECTION')).trim()).toBe('ci-cd-deploy-admin');
    expect(row.slice(at('CALL'), at('RESULT')).trim()).toBe('sts:GetCallerIdentity');
    expect(row.slice(at('SOURCE'), at('TOOL')).trim()).toBe('167.99.32.11 AS14061 US');
    expect(row.trimEnd().endsWith('one.json')).toBe(true);
  });

  it('prints nothing for an event without a detection unless every row is asked for', () => {
    expect(tableRows(quiet)).toBe('');
    expect(tableRows(quiet, true)).toMatch(/kms:GenerateDataKey\s+OK\s+sqs\.amazonaws\.com/);
  });

  it('prints an invalid entry with its reason and input', () => {
    expect(tableRows(bad)).toMatch(/INVALID\s+not valid JSON: Unexpected end\s+three\.json/);
  });
});
