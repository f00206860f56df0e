import { renderAlert } from '../alerts/render.ts';
import type { Publisher } from '../alerts/sns.ts';
import type { Detection } from '../detect/detection.ts';
import type { Store } from '../store/dynamo.ts';

export type DeliveryOutcome = 'alerted' | 'suppressed' | 'duplicate';

export interface DeliverDeps {
  store: Pick<Store, 'insertDetection' | 'claimAlertWindow' | 'settleAlert' | 'countSuppressed'>;
  publisher: Publisher;
  stormWindowSeconds: number;
}

/**
 * Stores a detection exactly once and alerts at most once, under at-least-once delivery.
 *
 * The detection row is written first with `alertState = pending`. A redelivery that finds the row
 * settled stops there; one that finds it pending (an earlier attempt failed before or during Publish)
 * carries on and sends the alert that was not sent. Any store or SNS error propagates so the
 * invocation fails and EventBridge retries.
 */
export async function deliver(detection: Detection, deps: DeliverDeps): Promise<DeliveryOutcome> {
  const existing = await deps.store.insertDetection(detection);
  if (existing && existing.alertState !== 'pending') return 'duplicate';

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
