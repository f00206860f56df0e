import { eventFacts } from '../facts.ts';
import type { Rule } from '../rules.ts';
import { DECOY_REMOVED_CALLS } from './calls.ts';
import {
  callerDecoyNote,
  callerLabel,
  commonSteps,
  decoyNamed,
  isIamCall,
  outcome,
  param,
  userTamper,
} from './target.ts';

/** `decoy-removed`: someone deleted (or tried to delete) a decoy user. */
export const decoyRemovedRule: Rule = (record, context, actor) => {
  if (!isIamCall(record, DECOY_REMOVED_CALLS)) return [];
  const decoy = decoyNamed(record, context.registry, param(record, 'userName'));
  if (!decoy) return [];
  const event = eventFacts(record);
  const caller = callerLabel(record, event);
  const denied = Boolean(event.errorCode);
  const effect = denied
    ? 'The decoy still exists, but someone who knows about it wants it gone.'
    : 'The decoy is gone: its keys no longer work, so any further use of them is invisible to honeytrail.';
  return [
    userTamper(
      {
        record,
        actor,
        decoy,
        category: 'decoy-removed',
        title: `Decoy ${decoy.userName} deleted: iam:${event.name}${denied ? ' (denied)' : ''}`,
        summary: `${caller} tried to delete decoy user ${decoy.userName}; the call ${outcome(event)}. ${effect}${callerDecoyNote(record, context.registry)}`,
        nextSteps: [
          denied
            ? `Confirm ${decoy.userName} and its key are intact (aws iam get-user, list-access-keys).`
            : `If nobody on your team retired it, recreate a decoy, plant it again and update decoys.yml; otherwise remove ${decoy.userName} from decoys.yml.`,
          'Deleting a user first needs its keys, policies and groups removed: look for those calls just before this one.',
          ...commonSteps(record, context.registry, caller, actor, decoy),
        ],
      },
      event,
    ),
  ];
};
