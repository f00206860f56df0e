import { esc, text } from './html.ts';
import type { Escalation, EscalationKind } from './model.ts';
import type { TimelineRow } from './query.ts';

/**
 * The timeline picture of the report: calls over time as bars stacked by detection category, and one
 * numbered mark per escalation above the bars. Plain SVG with presentation attributes only (no style
 * attributes, no scripts), so the page's CSP can forbid everything else.
 */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#ff9da7',
  '#9c755f',
];
export const OTHER_COLOUR = '#bab0ac';
export const MARK_COLOUR = '#d62728';

const WIDTH = 960;
const LEFT = 56;
const RIGHT = 16;
const PLOT_HEIGHT = 170;
const AXIS_HEIGHT = 40;
const ROW = 20;
const MAX_BUCKETS = 60;

/** Colour per category, in order of first appearance; past the palette, one shared colour. */
export function categoryColours(rows: readonly TimelineRow[]): Map<string, string> {
  const colours = new Map<string, string>();
  for (const row of rows) {
    if (!colours.has(row.category)) colours.set(row.category, PALETTE[colours.size] ?? OTHER_COLOUR);
  }
  return colours;
}

/** A distinct shape per escalation kind, so marks at the same moment still read apart. */
function markShape(kind: EscalationKind, x: number, y: number): string {
  const r = 8;
  const attrs = `fill="${MARK_COLOUR}" stroke="#ffffff" stroke-width="1.5"`;
  switch (kind) {
    case 'first-success':
      return `<rect x="${x - r}" y="${y - r}" width="${2 * r}" height="${2 * r}" ${attrs}/>`;
    case 'first-write':
      return `<polygon points="${x},${y - r - 1} ${x + r + 1},${y + r} ${x - r - 1},${y + r}" ${attrs}/>`;
    case 'new-tool':
      return `<polygon points="${x},${y - r - 1} ${x + r + 1},${y} ${x},${y + r + 1} ${x - r - 1},${y}" ${attrs}/>`;
    case 'new-network':
      return `<rect x="${x - r}" y="${y - r}" width="${2 * r}" height="${2 * r}" rx="4" ${attrs}/>`;
    default:
      return `<circle cx="${x}" cy="${y}" r="${r}" ${attrs}/>`;
  }
}

function timeLabel(ms: number, spanMs: number): string {
  const iso = new Date(ms).toISOString();
  return spanMs < 86_400_000 ? `${iso.slice(11, 19)}Z` : `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}

export interface TimelinePicture {
  svg: string;
  marks: number;
}

export function timelineSvg(
  rows: readonly TimelineRow[],
  escalations: readonly Escalation[],
): TimelinePicture {
  const times = [
    ...rows.map((r) => Date.parse(r.time)),
    ...escalations.map((e) => Date.parse(e.time)),
  ].filter(Number.isFinite);
  const start = times.length ? Math.min(...times) : 0;
  const end = times.length ? Math.max(...times) : 0;
  const span = Math.max(end - start, 1);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const xOf = (ms: number) => LEFT + ((ms - start) / span) * plotWidth;

  // Marks closer than a mark's width stack upwards instead of hiding each other.
  const placed: { x: number; level: number }[] = [];
  for (const e of escalations) {
    const x = xOf(Date.parse(e.time) || start);
    const level = placed.filter((p) => Math.abs(p.x - x) < 18).length;
    placed.push({ x, level });
  }
  const levels = Math.max(0, ...placed.map((p) => p.level + 1));
  const top = 12 + levels * ROW;
  const base = top + PLOT_HEIGHT;
  const height = base + AXIS_HEIGHT;

  const buckets = Math.max(1, Math.min(MAX_BUCKETS, rows.length));
  const colours = categoryColours(rows);
  const counts: Map<string, number>[] = Array.from({ length: buckets }, () => new Map());
  for (const row of rows) {
    const at = Date.parse(row.time);
    const index = Math.min(buckets - 1, Math.max(0, Math.floor(((at - start) / span) * buckets)));
    const bucket = counts[index];
    bucket?.set(row.category, (bucket.get(row.category) ?? 0) + 1);
  }
  const peak = Math.max(1, ...counts.map((b) => [...b.values()].reduce((s, n) => s + n, 0)));
  const barWidth = plotWidth / buckets;
  const bars: string[] = [];
  counts.forEach((bucket, index) => {
    let y = base;
    for (const [category, n] of bucket) {
      const h = (n / peak) * PLOT_HEIGHT;
      y -= h;
      const x = LEFT + index * barWidth;
      bars.push(
        `<rect class="bar" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(barWidth - 1, 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${colours.get(category) ?? OTHER_COLOUR}"><title>${text(category, 40)}: ${n}</title></rect>`,
      );
    }
  });

  const marks = escalations.map((e, index) => {
    const spot = placed[index] ?? { x: LEFT, level: 0 };
    const y = 12 + spot.level * ROW + 8;
    const x = spot.x.toFixed(1);
    return [
      `<g class="esc-mark" data-index="${index + 1}" data-kind="${esc(e.kind)}">`,
      `<title>${index + 1}. ${text(e.time, 40)} ${esc(e.kind)}: ${text(e.detail, 60)}</title>`,
      `<line x1="${x}" y1="${y + 8}" x2="${x}" y2="${base}" stroke="${MARK_COLOUR}" stroke-width="1" stroke-dasharray="3 3"/>`,
      markShape(e.kind, spot.x, y),
      `<text x="${x}" y="${y + 4}" text-anchor="middle" font-size="10" font-weight="bold" fill="#ffffff">${index + 1}</text>`,
      '</g>',
    ].join('');
  });

  const axis = [
    `<line x1="${LEFT}" y1="${base}" x2="${WIDTH - RIGHT}" y2="${base}" stroke="#444444"/>`,
    `<line x1="${LEFT}" y1="${top}" x2="${LEFT}" y2="${base}" stroke="#444444"/>`,
    `<text x="${LEFT - 6}" y="${top + 10}" text-anchor="end" font-size="11" fill="#444444">${peak}</text>`,
    `<text x="${LEFT - 6}" y="${base}" text-anchor="end" font-size="11" fill="#444444">0</text>`,
    `<text x="${LEFT}" y="${base + 16}" font-size="11" fill="#444444">${esc(timeLabel(start, span))}</text>`,
    `<text x="${WIDTH - RIGHT}" y="${base + 16}" text-anchor="end" font-size="11" fill="#444444">${esc(timeLabel(end, span))}</text>`,
    `<text x="${LEFT + plotWidth / 2}" y="${base + 32}" text-anchor="middle" font-size="11" fill="#444444">calls per ${esc(bucketLabel(span / buckets))}, stacked by category</text>`,
  ];
  const label = `Calls over time by category, ${escalations.length} escalation mark(s)`;
  const svg = [
    `<svg id="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${esc(label)}" font-family="sans-serif">`,
    ...bars,
    ...axis,
    ...marks,
    '</svg>',
  ].join('\n');
  return { svg, marks: marks.length };
}

function bucketLabel(ms: number): string {
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)} h`;
  return `${Math.round(ms / 86_400_000)} d`;
}
