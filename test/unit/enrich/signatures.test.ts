import { describe, expect, it } from '@jest/globals';
import { matchSignature, SIGNATURES } from '../../../src/lib/enrich/signatures.ts';
import { parseUserAgent } from '../../../src/lib/enrich/useragent.ts';

const text = (ua: string): string => parseUserAgent(ua).text;

describe('tool signature table', () => {
  it('covers the tools the SOC asked for', () => {
    const names = SIGNATURES.map((s) => s.name);
    for (const wanted of [
      'TruffleHog',
      'Pacu',
      'ScoutSuite',
      'Prowler',
      'CloudMapper',
      'enumerate-iam',
      'Stratus Red Team',
      'Grimoire',
      'Terraform',
      'Pulumi',
      'Steampipe',
      'CloudFox',
      'python-requests',
      'curl',
      'Go-http-client',
      'Postman',
      'AWS console',
      'AWS CloudShell',
      'AWS Toolkit for VS Code',
    ])
      expect(names).toContain(wanted);
  });

  it('marks tools that send a stock SDK userAgent as recognisable only by behaviour', () => {
    for (const name of ['enumerate-iam', 'CloudMapper', 'Pacu']) {
      const row = SIGNATURES.find((s) => s.name === name);
      expect(row?.match).toBeUndefined();
      expect(row?.notes).toMatch(/recognisable only by behaviour/);
    }
  });

  describe.each(SIGNATURES.map((s) => [s.name, s] as const))('%s', (_name, sig) => {
    if (sig.match) {
      it('names the tool for its positive example', () => {
        expect(matchSignature(text(sig.positive))?.name).toBe(sig.name);
      });
    } else {
      it('is not credited for its stock userAgent (behaviour only)', () => {
        expect(matchSignature(text(sig.positive))?.name).not.toBe(sig.name);
      });
    }
    it('does not claim its near miss', () => {
      expect(matchSignature(text(sig.negative))?.name).not.toBe(sig.name);
    });
    it('documents kind, source and notes', () => {
      expect(sig.source.length).toBeGreaterThan(5);
      expect(sig.notes.length).toBeGreaterThan(5);
    });
  });
});
