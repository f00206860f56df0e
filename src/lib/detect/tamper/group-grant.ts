import { type CloudTrailRecord, recordAccount } from '../../cloudtrail/schema.ts';
import type { Decoy, Registry } from '../../decoys/registry.ts';
import { cleanText } from '../../text.ts';
import { eventFacts } from '../facts.ts';
import type { Rule } from '../rules.ts';
import { GROUP_GRANT_CALLS } from './calls.ts';
import {
  callerDecoyNote,
  callerLabel,
  commonSteps,
  isIamCall,
  outcome,
  param,
  sameIamName,
  tamperDetection,
} from './target.ts';

/** Decoys in the record's account that declare this group, in registry order. */
export function decoysInGroup(record: CloudTrailRecord, registry: Registry, group: string): Decoy[] {
  const account = recordAccount(record);
  return registry.decoys.filter(
    (decoy) => decoy.accountId === account && decoy.groups.some((name) => sameIamName(name, group)),
  );
}

/**
 * `group-privilege-grant`: a policy was attached to, or put on, a group a decoy belongs to.
 * One detection per group; the summary lists every decoy affected.
 */
export const groupGrantRule: Rule = (record, context, actor) => {
  if (!isIamCall(record, GROUP_GRANT_CALLS)) return [];
  const group = param(record, 'groupName');
  if (!group) return [];
  const decoys = decoysInGroup(record, context.registry, group);
  const first = decoys[0];
  if (!first) return [];
  const declared = first.groups.find((name) => sameIamName(name, group)) ?? cleanText(group, 128);
  const event = eventFacts(record);
  const caller = callerLabel(record, event);
  const policy =
    record.eventName === 'AttachGroupPolicy'
      ? `managed policy ${cleanText(param(record, 'policyArn') ?? '(not given)', 200)}`
      : `inline policy ${cleanText(param(record, 'policyName') ?? '(not given)', 128)}`;
  const names = decoys.map((decoy) => decoy.userName).join(', ');
  const denied = Boolean(event.errorCode);
  return [
    tamperDetection(
      {
        record,
        actor,
        decoy: first,
        category: 'group-privilege-grant',
        subject: `${first.accountId}/group/${declared}`,
        target: `group/${declared}`,
        title: `Privilege grant on decoy group ${declared}: iam:${event.name}${denied ? ' (denied)' : ''}`,
        summary: `${caller} tried to add ${policy} to group ${declared}, which holds decoy ${names}; the call ${outcome(event)}. Whoever did this is granting a decoy permissions through its group.${callerDecoyNote(record, context.registry)}`,
        nextSteps: [
          denied
            ? `Nothing changed, but confirm the policies of group ${declared}.`
            : `Remove the policy from group ${declared} (detach-group-policy or delete-group-policy).`,
          `A decoy should belong to no group at all: take ${names} out of ${declared} and drop the groups entry from decoys.yml.`,
          ...commonSteps(record, context.registry, caller, actor, first),
        ],
      },
      event,
    ),
  ];
};
