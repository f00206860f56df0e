/**
 * The aggregate's storage-neutral shape: a flat bag of attributes and the operations that change it.
 * DynamoDB applies them as one UpdateItem (store/incidents.ts); `applyOps` applies them in memory
 * (analyze's offline incidents), so both paths share one model.
 */
export type BagValue = string | number | string[] | number[];
export type Bag = Record<string, BagValue>;

export type Op =
  | { t: 'add'; a: string; n: number }
  | { t: 'union'; a: string; v: string[] | number[] }
  | { t: 'set'; a: string; v: BagValue }
  | { t: 'remove'; a: string };

/** Conditions an update must meet: what makes claims and locks exclusive under concurrency. */
export type Condition =
  | { t: 'isIncident'; id: string }
  | { t: 'notResolved' }
  | { t: 'absent'; a: string }
  | { t: 'absentOrBelow'; a: string; n: number }
  | { t: 'equalsOrAbsent'; a: string; v: string };

export function applyOps(bag: Bag, ops: readonly Op[]): Bag {
  const out: Bag = { ...bag };
  for (const op of ops) {
    if (op.t === 'add') out[op.a] = (Number(out[op.a]) || 0) + op.n;
    else if (op.t === 'set') out[op.a] = op.v;
    else if (op.t === 'remove') delete out[op.a];
    else {
      const current = out[op.a];
      const list: (string | number)[] = Array.isArray(current) ? [...current] : [];
      for (const value of op.v) if (!list.includes(value)) list.push(value);
      out[op.a] = list as string[] | number[];
    }
  }
  return out;
}

export const str = (bag: Bag, a: string): string | undefined => {
  const v = bag[a];
  return typeof v === 'string' ? v : undefined;
};
export const num = (bag: Bag, a: string): number => {
  const v = bag[a];
  return typeof v === 'number' ? v : 0;
};
export const strs = (bag: Bag, a: string): string[] => {
  const v = bag[a];
  return Array.isArray(v) ? v.map(String) : [];
};
export const nums = (bag: Bag, a: string): number[] => {
  const v = bag[a];
  return Array.isArray(v) ? v.map(Number) : [];
};
