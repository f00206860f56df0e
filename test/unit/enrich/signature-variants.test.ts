import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { matchSignature, SIGNATURES } from '../../../src/lib/enrich/signatures.ts';
import { parseUserAgent } from '../../../src/lib/enrich/useragent.ts';

const text = (ua: string): string => parseUserAgent(ua).text;
const marked = SIGNATURES.filter((sig) => sig.match && sig.marker);

/** The marker with its case changed letter by letter. */
const recased = (marker: string, flips: boolean[]): string =>
  [...marker].map((c, i) => (flips[i % flips.length] ? c.toUpperCase() : c.toLowerCase())).join('');

const version = fc.tuple(fc.nat(40), fc.nat(99), fc.nat(999)).map(([a, b, c]) => `${a}.${b}.${c}`);
const suffix = fc.oneof(
  fc.constant(''),
  version.map((v) => `/${v}`),
  fc.uuid().map((id) => (id.length ? id : 'x')),
  fc.stringMatching(/^[0-9]{1,6}$/),
);

describe('every tool signature tolerates marker variants', () => {
  it('lists a marker for every signature that has a pattern', () => {
    expect(marked.length).toBe(SIGNATURES.filter((sig) => sig.match).length);
  });

  it.each(marked.map((sig) => [sig.name, sig] as const))(
    '%s: any case, a version or other suffix, brackets, or after SDK tokens',
    (name, sig) => {
      const marker = sig.marker as string;
      // Markers that end in a separator take their suffix directly; others after `/`.
      const joined = (tail: string) =>
        /[_/]$/.test(marker) || tail === '' || tail.startsWith('/')
          ? `${marker}${tail}`
          : `${marker}/${tail}`;
      fc.assert(
        fc.property(
          suffix,
          fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
          fc.boolean(),
          fc.boolean(),
          (tail, flips, bracket, afterSdk) => {
            let ua = recased(joined(tail), flips);
            // Console markers name the whole userAgent; the others may follow SDK tokens.
            if (afterSdk && sig.kind !== 'console') ua = `aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 ${ua}`;
            if (bracket) ua = `[${ua}]`;
            expect(matchSignature(text(ua))?.name).toBe(name);
          },
        ),
        { numRuns: 60 },
      );
    },
  );

  it.each(marked.map((sig) => [sig.name, sig] as const))('%s: not inside a longer word', (name, sig) => {
    const marker = (sig.marker as string).replace(/[_/]$/, '');
    for (const ua of [`x${marker}x/1.0`, `my-${marker}-helper/1.0`])
      expect(matchSignature(text(ua))?.name).not.toBe(name);
  });
});
