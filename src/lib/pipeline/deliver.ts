import { type AlertNotice, renderAlert } from '../alerts/render.ts';
import type { Publisher } from '../alerts/sns.ts';
import type { Detection } from '../detect/detection.ts';
import { scopeOf } from '../incidents/model.ts';
import { applyOps } from '../incidents/ops.ts';
import { type Plan, planDetection } from '../incidents/plan.ts';
import { incidentFromBag } from '../incidents/view.ts';
import { logger } from '../log.ts';
import type { AlertState } from '../store/detections.ts';
import type { Store } from '../store/dynamo.ts';
import { DetectionBusyError, isConditionFailure, StoreUnavailableError } from '../store/errors.ts';
import type { StoredIncident } from '../store/incidents.ts';
import type { FailOpenMemory } from './fail-open.ts';

export type DeliveryOutcome = 'alerted' | 'held' | 'duplicate' | 'alerted-fail-open';

export interface Delivery {
  outcome: DeliveryOutcome;
  incidentId?: string;
}

export interface DeliverDeps {
  store: Store;
  publisher: Publisher;
  incidents: { quietSeconds: number; digestSeconds: number };
  failOpen: FailOpenMemory;
}

/**
 * The incident a scope has, as just read (`fresh`) or as this container last saw it; `unavailable`
 * when the store could not be read.
 */
export type Prefetched = { incident: StoredIncident | undefined; fresh: boolean } | 'unavailable';

const MAX_REPLANS = 4;

/**
 * Stores a detection exactly once, joins it to its incident and mails it when the incident policy says
 * so, under at-least-once delivery and with the store allowed to fail.
 *
 * Held path, in a storm: write the record `held`, count it in the incident: 2 calls, planned on the
 * container's own copy of the incident (the item its last update returned). A copy can only err
 * towards a mail: claims, the last mail and the last call only grow within an incident, and the update
 * is conditional on the incident's ID and on it not being resolved. So a held decision from a copy is
 * the one a fresh read gives, and anything else (a mail, a rollover) is planned again on a fresh read.
 * A held call without a recent copy reads the incident first: 3 calls. A record written while the
 * update then fails is deleted again, so the retry counts the call (withdraw, below); nothing is
 * mailed for it (CountDeferredError).
 *
 * Mailed path (opening, escalation, always-mailed kinds): read the incident, claim the mail in one
 * conditional update that also holds a short delivery lease, Publish, write the record: 4 calls.
 * A duplicate finds the record (held) or its own lease (mailed) and stops. A failed Publish gives its
 * lease back before it rethrows; a crashed attempt's lease (50 s) runs out before Lambda's first retry
 * (about 60 s).
 *
 * The one window left: Publish succeeded and the process died before writing the record. The retry
 * mails again, flagged as a possible repeat of the same detection ID (docs/deploy.md).
 *
 * When the store is unreachable the alert is mailed at once, marked "stored later; may repeat", and
 * the invocation fails so Lambda's retry (or the redrive) writes the record without mailing again.
 */
export async function deliver(
  detection: Detection,
  deps: DeliverDeps,
  prefetched?: Prefetched,
): Promise<Delivery> {
  const scope = scopeOf(detection);
  let known: { incident: StoredIncident | undefined; fresh: boolean };
  try {
    if (prefetched === 'unavailable') throw new StoreUnavailableError('incident read failed earlier');
    known = prefetched ?? { incident: await deps.store.incidents.current(scope), fresh: true };
  } catch (error) {
    return failOpen(detection, deps, error);
  }
  try {
    return await deliverWithStore(detection, deps, known);
  } catch (error) {
    if (error instanceof DetectionBusyError || isConditionFailure(error)) throw error;
    if (error instanceof PublishError) throw error.cause;
    if (error instanceof CountDeferredError) throw error;
    return failOpen(detection, deps, error);
  }
}

class PublishError extends Error {
  override name = 'PublishError';
}

/**
 * A held call's record was written and the update of its incident failed (DynamoDB throttling the
 * hot item, most often). The incident was mailed already and the call is not mail-worthy, so nothing
 * is mailed: the record is taken back and the invocation fails, for Lambda's retry to count it.
 */
export class CountDeferredError extends Error {
  override name = 'CountDeferredError';
}

const heldJoin = (plan: Plan) => plan.action === 'join' && !plan.mail && !plan.resumed;

async function deliverWithStore(
  detection: Detection,
  deps: DeliverDeps,
  first: { incident: StoredIncident | undefined; fresh: boolean },
): Promise<Delivery> {
  const { incidents, detections } = deps.store;
  let current = first.incident;
  let fresh = first.fresh;
  /** The incident the record written `held` by this attempt names, once written. */
  let recorded: string | undefined;
  /** The incident holds this call's count: this attempt's update applied, or an earlier attempt's. */
  let counted = false;
  const replan = () => planDetection(current?.state, detection, { ...deps.incidents, now: deps.store.now() });
  const reread = async (scope: string) => {
    current = await incidents.current(scope);
    fresh = true;
  };
  try {
    return await replanUntilDone();
  } catch (error) {
    // Recorded but not counted: a retry would find the record, call itself a duplicate, and the call
    // would never reach the incident (nor its mail, if it had turned into one). Take the record back.
    if (recorded !== undefined && !counted) await withdraw(detection, deps, recorded);
    throw error;
  }

  async function replanUntilDone(): Promise<Delivery> {
    for (let attempt = 0; attempt < MAX_REPLANS; attempt += 1) {
      let plan = replan();
      if (!fresh && !heldJoin(plan)) {
        await reread(plan.scope);
        plan = replan();
      }
      if (plan.resumed) {
        counted = true;
        const outcome = await resume(detection, deps, plan, current, recorded !== undefined);
        return { outcome, incidentId: plan.incidentId };
      }
      if (plan.action === 'late') {
        // Rare: a retry overtaken by a rollover. Its record says whether it was mailed already.
        if (recorded === undefined && (await detections.get(detection.id)))
          return { outcome: 'duplicate', incidentId: plan.incidentId };
        const outcome = await mailAndRecord(detection, deps, plan, undefined, { recorded, repeat: true });
        return { outcome, incidentId: plan.incidentId };
      }
      if (!plan.mail) {
        if (recorded === undefined) {
          // A retry after a fail-open mail: the alert went out; only the record was missing.
          const state: AlertState = deps.failOpen.wasSent(detection.id) ? 'sent-fail-open' : 'held';
          const written = await detections.record({
            detection,
            alertState: state,
            incidentId: plan.incidentId,
          });
          if (written === 'exists') {
            // Decided on a copy, the record may be one an earlier attempt wrote `held` before its plan
            // turned into a mail it did not finish; only a fresh read shows that attempt's claim.
            if (!fresh) {
              await reread(plan.scope);
              const again = replan();
              if (again.resumed)
                return {
                  outcome: await resume(detection, deps, again, current, false),
                  incidentId: again.incidentId,
                };
            }
            return { outcome: 'duplicate', incidentId: plan.incidentId };
          }
          recorded = plan.incidentId;
        }
        const result = await incidents.commit(plan, current).catch((cause: unknown) => {
          throw new CountDeferredError(
            `incident ${plan.incidentId} could not count ${detection.id}; the retry records and counts it`,
            { cause },
          );
        });
        if (result === 'applied') {
          counted = true;
          if (recorded !== plan.incidentId)
            await detections.settle(detection.id, { incidentId: plan.incidentId });
          return { outcome: 'held', incidentId: plan.incidentId };
        }
      } else {
        if (plan.mail === 'update' && recorded === undefined && (await detections.get(detection.id)))
          return { outcome: 'duplicate', incidentId: plan.incidentId };
        if ((await incidents.commit(plan, current)) === 'applied') {
          counted = true;
          const outcome = await mailAndRecord(detection, deps, plan, projected(plan, current), {
            recorded,
            repeat: false,
          });
          return { outcome, incidentId: plan.incidentId };
        }
      }
      await reread(plan.scope);
    }
    throw new DetectionBusyError(`incident of ${detection.id} kept changing under concurrent updates`);
  }
}

/**
 * Deletes the `held` record this attempt wrote, so the retry records the call and counts it. If the
 * failed update did apply (its reply lost), the retry counts the call twice: one too many rather
 * than one never. A failed delete leaves the old outcome, said in the log.
 */
async function withdraw(detection: Detection, deps: DeliverDeps, incidentId: string): Promise<void> {
  try {
    await deps.store.detections.withdraw(detection.id, incidentId);
  } catch (cause) {
    logger.warn('detection stored but not counted in its incident; its retry will be taken for a duplicate', {
      detectionId: detection.id,
      incidentId,
      cause,
    });
  }
}

/** The incident as it stands after this plan: what the e-mail's counts show. */
function projected(plan: Plan, current: StoredIncident | undefined) {
  const base = plan.action === 'join' && current ? current.bag : {};
  return incidentFromBag(applyOps(base, plan.ops));
}

async function resume(
  detection: Detection,
  deps: DeliverDeps,
  plan: Plan,
  current: StoredIncident | undefined,
  recordedNow: boolean,
): Promise<DeliveryOutcome> {
  // The record settles as mailed only after Publish. One still `held` under this detection's own claim
  // was written before a replan turned the call into a mail that did not finish (this attempt's, or an
  // earlier one's): the mail is still owed.
  const earlier = recordedNow ? undefined : await deps.store.detections.get(detection.id);
  if (earlier && earlier.alertState !== 'held') {
    await deps.store.detections.countDelivery(detection.id);
    return 'duplicate';
  }
  if (plan.busy) {
    throw new DetectionBusyError(`detection ${detection.id} is being delivered by another invocation`);
  }
  if ((await deps.store.incidents.commit(plan, current)) === 'conflict') {
    throw new DetectionBusyError(`detection ${detection.id} was taken over by another invocation`);
  }
  const state = current ? current.state : projected(plan, current);
  const recorded = recordedNow || earlier ? plan.incidentId : undefined;
  return mailAndRecord(detection, deps, plan, state, { recorded, repeat: true });
}

async function mailAndRecord(
  detection: Detection,
  deps: DeliverDeps,
  plan: Plan,
  incident: ReturnType<typeof incidentFromBag> | undefined,
  how: { recorded: string | undefined; repeat: boolean },
): Promise<DeliveryOutcome> {
  const mail = plan.mail ?? 'always';
  const sentBefore = deps.failOpen.wasSent(detection.id);
  const publishedBefore = deps.failOpen.wasPublished(detection.id);
  const notice: AlertNotice = { reason: mail, escalations: plan.escalations, now: deps.store.now() };
  if (incident) notice.incident = incident;
  if (plan.digest) notice.digest = plan.digest;
  if (how.repeat) notice.duplicateOf = detection.id;
  try {
    if (!sentBefore && !publishedBefore) {
      await deps.publisher.publish(renderAlert(detection, notice));
      deps.failOpen.markPublished(detection.id);
    }
  } catch (cause) {
    // Give the lease back so the next retry need not wait for it; if that fails too, it runs out.
    if (plan.lock) await deps.store.incidents.releaseLock(plan.scope, plan.lock).catch(() => undefined);
    throw new PublishError('publish failed', { cause });
  }
  const alertState: AlertState = sentBefore ? 'sent-fail-open' : 'sent';
  if (how.recorded !== undefined)
    await deps.store.detections.settle(detection.id, { incidentId: plan.incidentId, alertState, mail });
  else await deps.store.detections.record({ detection, alertState, incidentId: plan.incidentId, mail });
  return sentBefore ? 'alerted-fail-open' : 'alerted';
}

/**
 * The store is down: mail now (at most once per incident scope per container while it stays down,
 * always for kinds that are always mailed), then fail so the record is written on retry.
 */
async function failOpen(detection: Detection, deps: DeliverDeps, cause: unknown): Promise<never> {
  const scopeKey = scopeOf(detection);
  const mailNow =
    !deps.failOpen.wasSent(detection.id) &&
    !deps.failOpen.wasPublished(detection.id) &&
    deps.failOpen.shouldMail(scopeKey, detection);
  if (mailNow) {
    const notice: AlertNotice = { reason: 'fail-open', escalations: [], now: deps.store.now() };
    await deps.publisher.publish(renderAlert(detection, notice));
    deps.failOpen.markSent(detection.id, scopeKey, detection);
  }
  throw new StoreUnavailableError(
    `detection store unavailable; ${mailNow ? 'alert sent without its record' : 'alert deferred'}, the retry stores ${detection.id}`,
    { cause },
  );
}
