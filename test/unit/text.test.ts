import { describe, expect, it } from '@jest/globals';
import { cleanText, INVISIBLE, INVISIBLE_RANGES } from '../../src/lib/text.ts';

describe('INVISIBLE_RANGES', () => {
  it('is exactly [\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}] over every code point', () => {
    const byProperty = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
    const spelt = new RegExp(`^[${INVISIBLE_RANGES}]$`, 'u');
    const differ: string[] = [];
    let matched = 0;
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      const expected = byProperty.test(ch);
      if (expected) matched++;
      if (spelt.test(ch) !== expected) differ.push(`U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);
    }
    // A Node with a newer Unicode table lands here: regenerate the ranges from the property escapes.
    expect(differ).toEqual([]);
    expect(matched).toBeGreaterThan(200);
  });

  it('finds bidi overrides, zero-width marks, tag characters and line separators', () => {
    for (const ch of ['\u202e', '\u200b', '\u{e0041}', '\u2028', '\u0000', '\u0085'])
      expect(INVISIBLE.test(`aws-cli${ch}/2`)).toBe(true);
    expect(INVISIBLE.test('aws-cli/2.15.0 Python/3.11.6 Linux/6.5 exe/x86_64.kali')).toBe(false);
  });

  it('turns each invisible character into a space when cleaning text', () => {
    expect(cleanText('evil\u202e\u200bname\r\nX-Injected: 1')).toBe('evil name X-Injected: 1');
  });
});
