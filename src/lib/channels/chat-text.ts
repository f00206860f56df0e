import { cleanText } from '../text.ts';

/**
 * Characters that format, link or mention in Slack mrkdwn or Teams Markdown: emphasis (`* ~`, and `_`
 * at a word edge; `x86_64` stays), code (backtick), links and mentions (`< > [ ] |`), braces. They
 * become spaces.
 */
const MARKUP = /[*~`<>[\]{}|\\]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;

/**
 * Makes an attacker-controlled string inert in a chat message: `cleanText` first (control, bidi and
 * zero-width characters, length), then every Markdown and mention construct is taken apart:
 * - `<!channel>`, `<!here>`, `<@U123>`, `<#C123>`, `<http://x|label>`: the angle brackets and bars go,
 *   so Slack's mention and link syntax cannot form;
 * - `@here`, `@channel`, `@everyone`, `@name`: `@` becomes `(at)`, which no chat client treats as a mention;
 * - `[x](y)` links, emphasis, code spans, headings and quotes: their markers go;
 * - URLs are defanged (`hxxp://`, `www[.]`) so the client does not turn them into links.
 * The result is safe to wrap in a code span, which the renderer does.
 */
export function chatText(value: string, max = 256): string {
  const flat = cleanText(value, max * 2)
    .replace(MARKUP, ' ')
    .replace(/@/g, '(at)')
    .replace(/\bhttp(s?):\/\//gi, 'hxxp$1://')
    .replace(/\b(ftp|file|javascript|data):/gi, '$1[:]')
    .replace(/\bwww\./gi, 'www[.]')
    .replace(/^[#>\-+=\s]+/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** An untrusted value shown in the description: made inert, then set as inline code. */
export const code = (value: string, max = 256): string => {
  const text = chatText(value, max);
  return text ? `\`${text}\`` : '`-`';
};

/** Cuts trusted Markdown to `max` characters at a line end where possible, marking the cut. */
export function fitMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = '\n_(truncated: the full alert is in the e-mail and the EventBridge event)_';
  const room = max - marker.length;
  const cut = text.lastIndexOf('\n', room);
  return `${text.slice(0, cut > room / 2 ? cut : room)}${marker}`;
}
