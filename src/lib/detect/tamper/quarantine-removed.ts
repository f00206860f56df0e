import type { CloudTrailRecord } from '../../cloudtrail/schema.ts';
import { cleanText } from '../../text.ts';
import { eventFacts } from '../facts.ts';
import type { Rule } from '../rules.ts';
import { QUARANTINE_INLINE_POLICY, QUARANTINE_POLICY_ARN } from './calls.ts';
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

/** The AWS quarantine policy this call removes, if it removes one. */
export function removedQuarantinePolicy(record: CloudTrailRecord): string | undefined {
  if (isIamCall(record, ['DetachUserPolicy'])) {
    const arn = param(record, 'policyArn');
    return arn && QUARANTINE_POLICY_ARN.test(arn) ? arn : undefined;
  }
  if (isIamCall(record, ['DeleteUserPolicy']))
    return param(record, 'policyName') === QUARANTINE_INLINE_POLICY ? QUARANTINE_INLINE_POLICY : undefined;
  return undefined;
}

/**
 * `aws-quarantine-removed`: the reverse of `aws-detected-exposure`. AWS saw the decoy key leak and
 * denied its riskiest actions; removing that deny widens a key known to be public.
 */
export const quarantineRemovedRule: Rule = (record, context, actor) => {
  const policy = removedQuarantinePolicy(record);
  if (!policy) return [];
  const decoy = targetDecoy(record, context.registry);
  if (!decoy) return [];
  const event = eventFacts(record);
  const caller = callerLabel(record, event);
  const denied = Boolean(event.errorCode);
  const name = cleanText(policy.split('/').pop() ?? policy, 128);
  return [
    userTamper(
      {
        record,
        actor,
        decoy,
        category: 'aws-quarantine-removed',
        title: `AWS quarantine removed from decoy ${decoy.userName}: iam:${event.name}${denied ? ' (denied)' : ''}`,
        summary: `${caller} tried to remove AWS's exposed-key quarantine policy ${name} from decoy user ${decoy.userName}; the call ${outcome(event)}. AWS attached it because the key leaked in public; removing it lifts AWS's deny on a key known to be public, which is what someone who wants to use that key does.${callerDecoyNote(record, context.registry)}`,
        nextSteps: [
          denied
            ? `Nothing changed, but confirm the quarantine policy is still on ${decoy.userName}.`
            : `Put the quarantine back unless your team removed it on purpose: ${policy === QUARANTINE_INLINE_POLICY ? 'restore the inline policy AWS wrote' : `aws iam attach-user-policy --user-name ${decoy.userName} --policy-arn ${cleanText(policy, 128)}`}.`,
          ...commonSteps(record, context.registry, caller, actor, decoy),
        ],
      },
      event,
    ),
  ];
};
