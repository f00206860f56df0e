import { renderAlert } from '../alerts/render.ts';
import type { Publisher } from '../alerts/sns.ts';
import type { Detection } from '../detect/detection.ts';
import type { Store } from '../store/dynamo.ts';

export type DeliveryOutcome = 'alerted' | 'suppressed' | 'duplicate';

export interface DeliverDeps {
  store: Pick<Store, 'claimDetection' | 'claimAlertWindow' | 'settleAlert' | 'countSuppressed'>;
  publisher: Publisher;
  stormWindowSeconds: number;
}

/**
 * Stores a detection exactly once and alerts at most once, under at-least-once delivery.
 *
 * The detection row is written first with `alertState = pending` and a lease. A redelivery that finds
 * the row settled stops there. One that finds it pending with the lease still running is a concurrent
 * duplicate: it fails (DetectionBusyError) and EventBridge retries it later. One that finds the lease
 * expired resumes an attempt that failed before or during Publish and sends the alert that was not
 * sent. Any store or SNS error propagates so the invocation fails and EventBridge retries.
 *
 * The one gap: Publish succeeds and the invocation dies before the row is marked sent. The retry then
 * sends the alert a second time, with the same detection ID in it. SNS standard topics offer no
 * deduplication, so this is the narrowest window available.
 */
export async function deliver(detection: Detection, deps: DeliverDeps): Promise<DeliveryOutcome> {
  const claim = await deps.store.claimDetection(detection);
  if (claim.status === 'settled') return 'duplicate';

  const alertNow =
    !detection.suppressible || (await deps.store.claimAlertWindow(detection, deps.stormWindowSeconds));
  if (!alertNow) {
    await deps.store.settleAlert(detection.id, 'suppressed');
    await deps.store.countSuppressed(detection);
    return 'suppressed';
  }
  await deps.publisher.publish(
    renderAlert(detection, { stormWindowMinutes: Math.round(deps.stormWindowSeconds / 60) }),
  );
  await deps.store.settleAlert(detection.id, 'sent');
  return 'alerted';
}
