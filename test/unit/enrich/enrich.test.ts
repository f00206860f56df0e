import { describe, expect, it } from '@jest/globals';
import * as fc from 'fast-check';
import { enrich, makeEnricher } from '../../../src/lib/enrich/index.ts';

const call = {
  eventSource: 'sts.amazonaws.com',
  eventName: 'GetCallerIdentity',
  eventTime: '2025-06-01T10:00:00Z',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
};

describe('enrich()', () => {
  it('keeps the fields the rest of the system reads', () => {
    const a = enrich({ ...call, sourceIPAddress: '198.51.100.7', userAgent: 'TruffleHog' });
    expect(a).toMatchObject({
      sourceIp: '198.51.100.7',
      ipKind: 'reserved',
      userAgent: 'TruffleHog',
      tool: 'TruffleHog',
      verdict: 'automated',
      escalate: false,
    });
    expect(Array.isArray(a.reasons)).toBe(true);
  });

  it('says the IP data is not built instead of failing when the file is absent', () => {
    const bare = makeEnricher({
      ipData: () => ({ ok: false, reason: 'IP data not built (run npm run build:ipdata)' }),
    });
    const a = bare({ ...call, sourceIPAddress: '52.59.194.168', userAgent: 'TruffleHog' });
    expect(a.asn).toBeUndefined();
    expect(a.reasons).toContain('IP data not built (run npm run build:ipdata)');
    expect(a.verdict).toBe('automated');
  });

  it('does not consult IP data for private, reserved or service sources', () => {
    let asked = 0;
    const counting = makeEnricher({
      ipData: () => {
        asked++;
        return { ok: false, reason: 'x' };
      },
    });
    for (const ip of ['10.0.0.1', '192.0.2.1', 'AWS Internal', 'lambda.amazonaws.com', '010.1.2.3'])
      counting({ ...call, sourceIPAddress: ip });
    expect(asked).toBe(0);
  });

  it('returns unknown with a reason for a 100 kB userAgent', () => {
    const a = enrich({ ...call, sourceIPAddress: '10.1.2.3', userAgent: 'aws-cli/2.0 '.repeat(9000) });
    expect(a.verdict).toBe('unknown');
    expect(a.reasons[0]).toMatch(/characters long: userAgent ignored/);
    expect(a.userAgent.length).toBeLessThanOrEqual(512);
  });

  it('sanitises what it echoes back', () => {
    const a = enrich({
      ...call,
      sourceIPAddress: '1.2.3.4\n<script>',
      userAgent: 'aws-cli/2.0\u0000\r\nX-Injected: 1',
    });
    expect(a.sourceIp).not.toMatch(/\n/);
    expect(/[\p{Cc}]/u.test(a.userAgent)).toBe(false);
    expect(a.ipKind).toBe('invalid');
  });

  it('never throws on arbitrary input', () => {
    const bare = makeEnricher({ ipData: () => ({ ok: false, reason: 'none' }) });
    fc.assert(
      fc.property(
        fc.record({
          sourceIPAddress: fc.option(fc.string({ maxLength: 60 }), { nil: undefined }),
          userAgent: fc.option(fc.string({ maxLength: 300, unit: 'binary' }), { nil: undefined }),
          accessKeyId: fc.option(fc.string({ maxLength: 24 }), { nil: undefined }),
          eventTime: fc.string({ maxLength: 30 }),
          eventName: fc.string({ maxLength: 30 }),
          eventSource: fc.string({ maxLength: 30 }),
          history: fc.array(
            fc.record({
              eventTime: fc.string({ maxLength: 30 }),
              eventSource: fc.string({ maxLength: 20 }),
              eventName: fc.string({ maxLength: 20 }),
              sourceIp: fc.string({ maxLength: 20 }),
            }),
            { maxLength: 5 },
          ),
        }),
        (input) => {
          const a = bare(input);
          expect(['automated', 'human', 'unknown']).toContain(a.verdict);
        },
      ),
      { numRuns: 300 },
    );
  });
});
