import { renderDigest } from '../alerts/render.ts';
import type { Publisher } from '../alerts/sns.ts';
import { applyOps } from '../incidents/ops.ts';
import { planFlush } from '../incidents/plan.ts';
import { incidentFromBag } from '../incidents/view.ts';
import type { Store } from '../store/dynamo.ts';

export interface FlushDeps {
  store: Pick<Store, 'incidents'>;
  publisher: Publisher;
  digestSeconds: number;
  now: () => number;
}

export interface FlushResult {
  checked: number;
  mailed: string[];
}

/**
 * The scheduled flush: every incident with calls not yet mailed whose last mail is older than the
 * digest window gets its update now, so the last burst before an attack goes quiet is never lost.
 * Publish comes first and the claim second: a crash in between repeats one update, never loses it.
 */
export async function flushDigests(deps: FlushDeps): Promise<FlushResult> {
  const now = deps.now();
  const nowIso = new Date(now).toISOString();
  const cutoff = new Date(now - deps.digestSeconds * 1000).toISOString();
  const pending = await deps.store.incidents.pendingDigests(cutoff);
  const mailed: string[] = [];
  for (const incident of pending) {
    const plan = planFlush(incident.state, nowIso, deps.digestSeconds);
    if (!plan?.digest) continue;
    const after = incidentFromBag(applyOps(incident.bag, plan.ops));
    await deps.publisher.publish(renderDigest(after, plan.digest, now));
    if ((await deps.store.incidents.commit(plan, incident)) === 'applied') mailed.push(incident.state.id);
  }
  return { checked: pending.length, mailed };
}
