/** Live progress on stderr: files, events, detections, rate and ETA, redrawn at most 4 times a second. */
export interface Progress {
  update(state: ProgressState): void;
  done(): void;
}

export interface ProgressState {
  filesDone: number;
  filesTotal: number;
  events: number;
  detections: number;
}

const INTERVAL_MS = 250;

const compact = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${Math.round(n / 1e3)}k` : String(n);

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function progressLine(state: ProgressState, elapsedMs: number): string {
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? state.events / seconds : 0;
  const fraction = state.filesTotal ? state.filesDone / state.filesTotal : 0;
  const eta = fraction > 0 ? (seconds / fraction) * (1 - fraction) : Number.NaN;
  return `files ${state.filesDone}/${state.filesTotal}  events ${compact(state.events)}  detections ${state.detections}  ${compact(Math.round(rate))}/s  ETA ${duration(eta)}`;
}

export function makeProgress(write: (text: string) => void, now: () => number = Date.now): Progress {
  const start = now();
  let last = 0;
  let drawn = false;
  return {
    update(state) {
      const t = now();
      if (t - last < INTERVAL_MS) return;
      last = t;
      drawn = true;
      write(`\r\x1b[2K${progressLine(state, t - start)}`);
    },
    done() {
      if (drawn) write('\r\x1b[2K');
    },
  };
}

export const noProgress: Progress = { update: () => {}, done: () => {} };
