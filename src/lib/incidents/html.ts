import { cleanText } from '../text.ts';

/** HTML-escapes text for element content and quoted attributes alike. */
export function esc(value: string | number | undefined): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** An attacker string for the page: cleaned (control, bidi, zero-width), capped, then escaped. */
export function text(value: string | number | undefined, max = 120): string {
  return esc(cleanText(String(value ?? ''), max));
}
