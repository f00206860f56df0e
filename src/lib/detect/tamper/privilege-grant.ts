import type { CloudTrailRecord } from '../../cloudtrail/schema.ts';
import { cleanText } from '../../text.ts';
import { eventFacts } from '../facts.ts';
import type { Rule } from '../rules.ts';
import { quarantinePolicy } from './aws-exposure.ts';
import { PRIVILEGE_GRANT_CALLS } from './calls.ts';
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

const shown = (record: CloudTrailRecord, name: string): string =>
  cleanText(param(record, name) ?? '(not given)', 200);

/** What the call tries to do, and how to undo it if it went through. */
function change(record: CloudTrailRecord, user: string): { attempt: string; undo: string } {
  const decoy = `decoy user ${user}`;
  switch (record.eventName) {
    case 'AttachUserPolicy':
      return {
        attempt: `attach managed policy ${shown(record, 'policyArn')} to ${decoy}`,
        undo: `aws iam detach-user-policy --user-name ${user} --policy-arn ${shown(record, 'policyArn')}`,
      };
    case 'PutUserPolicy':
      return {
        attempt: `put inline policy ${shown(record, 'policyName')} on ${decoy}`,
        undo: `aws iam delete-user-policy --user-name ${user} --policy-name ${shown(record, 'policyName')}`,
      };
    case 'AddUserToGroup':
      return {
        attempt: `add ${decoy} to group ${shown(record, 'groupName')}`,
        undo: `aws iam remove-user-from-group --user-name ${user} --group-name ${shown(record, 'groupName')}`,
      };
    case 'PutUserPermissionsBoundary':
      return {
        attempt: `set permissions boundary ${shown(record, 'permissionsBoundary')} on ${decoy}`,
        undo: `aws iam delete-user-permissions-boundary --user-name ${user}`,
      };
    default:
      return {
        attempt: `remove the permissions boundary of ${decoy}`,
        undo: 'put back the permissions boundary the decoy had, if any',
      };
  }
}

/**
 * `privilege-grant`: someone tried to give a decoy permissions. Denied attempts count the same.
 * AWS's quarantine policies are left to the aws-detected-exposure rule.
 */
export const privilegeGrantRule: Rule = (record, context, actor) => {
  if (!isIamCall(record, PRIVILEGE_GRANT_CALLS) || quarantinePolicy(record)) return [];
  const decoy = targetDecoy(record, context.registry);
  if (!decoy) return [];
  const event = eventFacts(record);
  const caller = callerLabel(record, event);
  const { attempt, undo } = change(record, decoy.userName);
  const denied = Boolean(event.errorCode);
  const first = denied
    ? `Nothing changed, but confirm: list the policies, groups and boundary of ${decoy.userName}.`
    : `Undo it now: ${undo}.`;
  return [
    userTamper(
      {
        record,
        actor,
        decoy,
        category: 'privilege-grant',
        title: `Privilege grant on decoy ${decoy.userName}: iam:${event.name}${denied ? ' (denied)' : ''}`,
        summary: `${caller} tried to ${attempt}; the call ${outcome(event)}. A decoy never needs permissions: someone is trying to make the stolen key useful${denied ? ', and a denied attempt is as serious as a successful one' : ''}.${callerDecoyNote(record, context.registry)}`,
        nextSteps: [first, ...commonSteps(record, context.registry, caller, actor, decoy)],
      },
      event,
    ),
  ];
};
