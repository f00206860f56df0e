import type { CloudTrailRecord } from '../../cloudtrail/schema.ts';
import { recordAccount } from '../../cloudtrail/schema.ts';
import type { Decoy, Registry } from '../../decoys/registry.ts';
import { cleanText } from '../../text.ts';
import { eventFacts } from '../facts.ts';
import type { Rule } from '../rules.ts';
import { KEY_STATE_CALLS } from './calls.ts';
import {
  callerDecoyNote,
  callerLabel,
  commonSteps,
  isIamCall,
  outcome,
  param,
  targetDecoy,
  userTamper,
} from './target.ts';

/** The named user, or the decoy owning the key ID when the call names a decoy key. */
function decoyFor(record: CloudTrailRecord, registry: Registry): Decoy | undefined {
  const byUser = targetDecoy(record, registry);
  if (byUser) return byUser;
  if (param(record, 'userName')) return undefined;
  const owner = registry.byKey.get(param(record, 'accessKeyId') ?? '');
  return owner && owner.accountId === recordAccount(record) ? owner : undefined;
}

/** `key-state-change`: a decoy key was deactivated, reactivated or deleted. */
export const keyStateChangeRule: Rule = (record, context, actor) => {
  if (!isIamCall(record, KEY_STATE_CALLS)) return [];
  const decoy = decoyFor(record, context.registry);
  if (!decoy) return [];
  const event = eventFacts(record);
  const caller = callerLabel(record, event);
  const key = cleanText(param(record, 'accessKeyId') ?? '(key not named)', 32);
  const status = param(record, 'status');
  const attempt =
    record.eventName === 'DeleteAccessKey'
      ? `delete access key ${key} of decoy user ${decoy.userName}`
      : `set access key ${key} of decoy user ${decoy.userName} to ${cleanText(status ?? '(status not given)', 16)}`;
  const blinds = record.eventName === 'DeleteAccessKey' || status === 'Inactive';
  const effect = blinds
    ? 'A disabled or deleted decoy key can no longer raise use alerts: the intruder may be covering tracks or defusing the trap.'
    : 'Reactivating a decoy key suggests someone wants to use it.';
  const restore = event.errorCode
    ? `Nothing changed, but confirm the state of ${decoy.userName}'s keys (aws iam list-access-keys).`
    : blinds
      ? `Restore the trap: reactivate or replace the decoy key and update decoys.yml, or retire the decoy on purpose.`
      : `Check whether the key should be active and record the state you want in decoys.yml.`;
  return [
    userTamper(
      {
        record,
        actor,
        decoy,
        category: 'key-state-change',
        title: `Decoy ${decoy.userName} key changed: iam:${event.name}${event.errorCode ? ' (denied)' : ''}`,
        summary: `${caller} tried to ${attempt}; the call ${outcome(event)}. ${effect}${callerDecoyNote(record, context.registry)}`,
        nextSteps: [restore, ...commonSteps(record, context.registry, caller, actor, decoy)],
      },
      event,
    ),
  ];
};
