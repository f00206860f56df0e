import { createHash } from 'node:crypto';
import type { Case } from './cases.ts';
import { duration, escalationText, shortTime, statusText } from './format.ts';
import { esc, text } from './html.ts';
import type { TimelineRow } from './query.ts';
import { categoryColours, MARK_COLOUR, timelineSvg } from './report-svg.ts';
import { topCalls } from './view.ts';

/**
 * `incidents report`: one self-contained HTML page. No scripts, no external resources, and a CSP that
 * forbids every fetch: the only thing the page may use is its own style block, allowed by hash.
 * Every string that came from an event is cleaned and HTML-escaped.
 */
const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; color: #1d1d1f; margin: 24px auto; max-width: 1000px; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
th { background: #f5f5f7; } td.n { text-align: right; font-variant-numeric: tabular-nums; } td.t { white-space: nowrap; }
dl { display: grid; grid-template-columns: 150px 1fr; gap: 2px 12px; } dt { color: #666; } dd { margin: 0; }
.status { display: inline-block; padding: 2px 8px; border-radius: 4px; background: #fde2e1; color: #8a1c16; font-weight: 600; }
.status.acknowledged { background: #fff3cd; color: #7a5a00; } .status.resolved { background: #e3f4e5; color: #1e6b2a; }
.legend span { display: inline-block; margin-right: 14px; } .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
.muted { color: #666; } code { font-size: 13px; } .held { color: #666; }
`;

/** Nothing may load; the one inline style block is allowed by its hash. */
export function contentSecurityPolicy(style: string): string {
  const hash = createHash('sha256').update(style).digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function table(
  header: readonly string[],
  rows: readonly string[][],
  numeric: readonly number[] = [],
): string {
  const th = header.map((h) => `<th>${esc(h)}</th>`).join('');
  const cls = (i: number) =>
    numeric.includes(i) ? ' class="n"' : header[i]?.match(/^(Time|First|Last)$/) ? ' class="t"' : '';
  const body = rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${cls(i)}>${cell}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

interface Source {
  row: TimelineRow;
  calls: number;
  first: string;
  last: string;
}

/** Sources by IP, busiest first. */
export function sourcesOf(rows: readonly TimelineRow[]): Source[] {
  const byIp = new Map<string, Source>();
  for (const row of rows) {
    const seen = byIp.get(row.sourceIp);
    if (seen) {
      seen.calls += 1;
      if (row.time > seen.last) seen.last = row.time;
    } else byIp.set(row.sourceIp, { row, calls: 1, first: row.time, last: row.time });
  }
  return [...byIp.values()].sort((a, b) => b.calls - a.calls || a.row.sourceIp.localeCompare(b.row.sourceIp));
}

function counted(values: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** What to do next: the detections' own steps first, then what the incident as a whole calls for. */
export function nextSteps(found: Case): string[] {
  const { incident: state, timeline } = found;
  const steps: string[] = [];
  const mailed = [...timeline.filter((r) => r.mailed), ...timeline.filter((r) => !r.mailed)];
  const ips = new Set(timeline.map((r) => r.sourceIp));
  // Per-source steps repeat once per address; the incident-wide step below covers them.
  const perSource = (step: string) => [...ips].some((ip) => step.includes(ip));
  for (const row of mailed) {
    for (const step of row.nextSteps) if (!steps.includes(step) && !perSource(step)) steps.push(step);
  }
  const own = steps.slice(0, 6);
  if (state.succeeded > 0)
    own.push(
      `${plural(state.succeeded, 'call')} succeeded: check in the timeline what each one returned or changed.`,
    );
  if (state.writes > 0)
    own.push(
      `${plural(state.writes, 'call')} tried to change something: review the write calls and their targets.`,
    );
  if (state.categories.includes('session-use')) {
    own.push(
      'Session credentials minted with the decoy were used: search CloudTrail for their ASIA key IDs until they expire.',
    );
  }
  if (state.ipCount > 0)
    own.push(`Block or investigate the ${plural(state.ipCount, 'source address')} listed under Sources.`);
  if (state.status === 'open') own.push(`Record that someone is on it: honeytrail incidents ack ${state.id}`);
  if (state.status !== 'resolved')
    own.push(`When done: honeytrail incidents resolve ${state.id} --note "what was found and done"`);
  return own;
}

function summary(found: Case): string {
  const s = found.incident;
  const row = (label: string, value: string) => `<dt>${esc(label)}</dt><dd>${value}</dd>`;
  const verdicts =
    Object.entries(s.verdicts)
      .map(([v, n]) => `${esc(v)} ${n}`)
      .join(', ') || '-';
  return `<dl>
${s.decoy ? row('Decoy', `${text(s.decoy.userName)} (account ${text(s.decoy.accountId, 20)})`) + row('Planted in', text(s.decoy.placement, 300)) : row('Subject', `${esc(s.openedKind)}: ${text(s.subject)}`)}
${row('First seen', esc(shortTime(s.firstSeen)))}
${row('Last seen', `${esc(shortTime(s.lastSeen))} (${esc(duration(s.firstSeen, s.lastSeen))} after the first call)`)}
${row('Calls', `${s.calls}: ${s.denied} denied, ${s.succeeded} succeeded, ${s.held} held back from mail; ${plural(s.mails, 'mail')} sent`)}
${row('Sources', `${plural(s.ipCount, 'IP')}, ${plural(s.asns.length, 'ASN')}, countries ${text(s.countries.join(', ') || '-')}`)}
${row('Categories', text(s.categories.join(', ') || '-'))}
${row('Verdicts', verdicts)}
${row('Status', text(statusText(s), 700))}
</dl>`;
}

function timelineSection(found: Case): string {
  const { svg, marks } = timelineSvg(found.timeline, found.incident.escalations);
  const colours = categoryColours(found.timeline);
  const legend = [...colours.entries()]
    .map(
      ([category, colour]) =>
        `<span><i class="swatch" data-colour="${esc(colour)}"></i>${text(category, 40)}</span>`,
    )
    .join('');
  const escalations = found.incident.escalations
    .map(
      (e, i) => `<li value="${i + 1}">${esc(shortTime(e.time))}: <b>${text(escalationText(e), 120)}</b></li>`,
    )
    .join('\n');
  return `<h2>Timeline</h2>
<p class="muted">${plural(found.timeline.length, 'call')}; ${plural(marks, 'escalation')}, each marked in <b class="esc">red</b> with its number.</p>
${svg}
<p class="legend">${legend}</p>
${escalations ? `<ol>\n${escalations}\n</ol>` : '<p>No escalation: nothing beyond the opening call stood out.</p>'}`;
}

function sourcesSection(rows: readonly TimelineRow[], limit = 200): string {
  const sources = sourcesOf(rows);
  const body = sources
    .slice(0, limit)
    .map((s) => [
      text(s.row.sourceIp, 64),
      s.row.asn !== undefined ? `AS${s.row.asn}` : '-',
      text(s.row.asOrg ?? '-', 60),
      text(s.row.country ?? '-', 8),
      text([s.row.network, s.row.provider].filter(Boolean).join(': ') || s.row.ipKind || '-', 60),
      String(s.calls),
      esc(shortTime(s.first)),
      esc(shortTime(s.last)),
    ]);
  const more =
    sources.length > limit ? `<p class="muted">${sources.length - limit} more sources not shown.</p>` : '';
  return `<h2>Sources</h2>\n${table(['IP', 'ASN', 'Organisation', 'Country', 'Network', 'Calls', 'First', 'Last'], body, [5])}${more}`;
}

function actorsSection(found: Case): string {
  const tools = counted(found.timeline.map((r) => r.tool ?? '(none recognised)'));
  const verdicts = counted(found.timeline.map((r) => r.verdict));
  const reasons = counted(found.timeline.flatMap((r) => r.reasons)).slice(0, 10);
  const agents = counted(found.timeline.map((r) => r.userAgent || '(none)'));
  const calls = topCalls(found.incident, 10);
  return `<h2>Tools and verdicts</h2>
<h3>Tools</h3>
${table(
  ['Tool or client', 'Calls'],
  tools.map(([tool, n]) => [text(tool, 60), String(n)]),
  [1],
)}
<h3>Verdicts</h3>
${table(
  ['Verdict', 'Calls'],
  verdicts.map(([verdict, n]) => [esc(verdict), String(n)]),
  [1],
)}
${
  reasons.length
    ? `<h3>Most frequent reasons</h3>\n${table(
        ['Reason', 'Calls'],
        reasons.map(([reason, n]) => [text(reason, 200), String(n)]),
        [1],
      )}`
    : ''
}
<h3>User agents</h3>
${table(
  ['User agent', 'Calls'],
  agents.slice(0, 20).map(([agent, n]) => [`<code>${text(agent, 256)}</code>`, String(n)]),
  [1],
)}
${agents.length > 20 ? `<p class="muted">${agents.length - 20} more user agents not shown.</p>` : ''}
<h3>Top calls</h3>
${table(
  ['Call', 'Count'],
  calls.map((c) => [text(c.call, 80), String(c.count)]),
  [1],
)}`;
}

function callsSection(rows: readonly TimelineRow[], limit = 500): string {
  const body = rows
    .slice(0, limit)
    .map((r) => [
      esc(shortTime(r.time)),
      text(r.call, 80),
      text(r.errorCode ? `${r.result} (${r.errorCode})` : r.result, 80),
      text(
        `${r.sourceIp}${r.asn !== undefined ? ` AS${r.asn}` : ''}${r.country ? ` ${r.country}` : ''}`,
        100,
      ),
      text(r.tool ?? '-', 40),
      esc(r.verdict),
      r.mailed ? `<b>${esc(r.mail)}</b>` : `<span class="held">${esc(r.mail)}</span>`,
    ]);
  const more =
    rows.length > limit
      ? `<p class="muted">${rows.length - limit} later calls not shown: honeytrail incidents export --format csv shows them all.</p>`
      : '';
  return `<h2>Calls</h2>\n${table(['Time', 'Call', 'Result', 'Source', 'Tool', 'Verdict', 'Mail'], body)}${more}`;
}

/** The whole page. `generatedAt` is passed in so the output is reproducible. */
export function renderReport(found: Case, generatedAt: string): string {
  const s = found.incident;
  const title = `Incident ${s.id}: ${s.decoy ? s.decoy.userName : `${s.openedKind} ${s.subject}`}`;
  const steps = nextSteps(found)
    .map((step) => `<li>${text(step, 400)}</li>`)
    .join('\n');
  // Swatch colours come from our palette; CSS classes keep them out of style attributes.
  const swatches = [...categoryColours(found.timeline).values()]
    .map((colour) => `.swatch[data-colour="${colour}"] { background: ${colour}; }`)
    .join('\n');
  const style = `${STYLE}${swatches ? `${swatches}\n` : ''}.esc { color: ${MARK_COLOUR}; }\n`;
  const csp = contentSecurityPolicy(style);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(title, 160)}</title>
<style>${style}</style>
</head>
<body>
<h1>${text(title, 160)}</h1>
<p><span class="status ${esc(s.status)}">${esc(s.status.toUpperCase())}</span> <span class="muted">Report generated ${esc(shortTime(generatedAt))} by honeytrail incidents report.</span></p>
${summary(found)}
${timelineSection(found)}
${sourcesSection(found.timeline)}
${actorsSection(found)}
<h2>Next steps</h2>
<ol>
${steps}
</ol>
${callsSection(found.timeline)}
</body>
</html>
`;
}
