/**
 * Simulated wall-clock time for the fault suite. Replaces the global Date so that `Date.now()` and
 * `new Date()` read simulated time, which keeps running in real time between jumps. Timers
 * (setTimeout, the SDK's own retry delays) stay real, so I/O behaves as usual.
 */
export interface SimClock {
  /** Jumps to `simNow` (epoch ms); time runs on from there. */
  set(simNow: number): void;
  now(): number;
}

export function installClock(): SimClock {
  const RealDate = Date;
  const realNow = () => RealDate.now();
  let offset = 0;
  class SimDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(realNow() + offset);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return realNow() + offset;
    }
  }
  globalThis.Date = SimDate as DateConstructor;
  return {
    set(simNow) {
      offset = simNow - realNow();
    },
    now: () => realNow() + offset,
  };
}
