/** Median and spread (min-max) of repeated samples; the bench prints both for every figure. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function summarise(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0, n: sorted.length };
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export const fmt = (s: Summary, digits = 1, unit = '') =>
  `${s.median.toFixed(digits)}${unit} (${s.min.toFixed(digits)}-${s.max.toFixed(digits)}, n=${s.n})`;

/** Runs each task once per round, alternating which goes first, after one warm-up round. */
export function interleave<K extends string>(
  rounds: number,
  tasks: Record<K, () => number>,
): Record<K, number[]> {
  const names = Object.keys(tasks) as K[];
  const out = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (const name of names) tasks[name]();
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [...names].reverse() : names;
    for (const name of order) out[name].push(tasks[name]());
  }
  return out;
}

/** One line of the results table: figure, measured, target and whether it is met. */
export function row(figure: string, measured: string, target: string, met?: boolean): string {
  const verdict = met === undefined ? '' : met ? 'ok' : 'MISSED';
  return `${figure.padEnd(40)} ${measured.padEnd(46)} ${target.padEnd(16)} ${verdict}`;
}
