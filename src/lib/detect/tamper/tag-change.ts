import type { CloudTrailRecord } from '../../cloudtrail/schema.ts';
import { cleanText } from '../../text.ts';
import { eventFacts } from '../facts.ts';
import type { Rule } from '../rules.ts';
import { TAG_CALLS } from './calls.ts';
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

/** Tag keys (and values) named by TagUser (`tags`) or UntagUser (`tagKeys`), cleaned for display. */
function tagsOf(record: CloudTrailRecord): string {
  const raw = record.requestParameters?.tags ?? record.requestParameters?.tagKeys;
  if (!Array.isArray(raw) || raw.length === 0) return '(not given)';
  const shown = raw.slice(0, 10).map((tag: unknown) => {
    if (typeof tag === 'string') return cleanText(tag, 64);
    const { key, value } = (tag ?? {}) as { key?: unknown; value?: unknown };
    return `${cleanText(String(key ?? '?'), 64)}=${cleanText(String(value ?? ''), 64)}`;
  });
  return `${shown.join(', ')}${raw.length > 10 ? `, and ${raw.length - 10} more` : ''}`;
}

/**
 * `tag-change`: tags added to or removed from a decoy. Policies that test `aws:PrincipalTag/...`
 * (ABAC) grant or deny by tag, so a tag can widen what the key may do without touching a policy.
 */
export const tagChangeRule: Rule = (record, context, actor) => {
  if (!isIamCall(record, TAG_CALLS)) return [];
  const decoy = decoyNamed(record, context.registry, param(record, 'userName'));
  if (!decoy) return [];
  const event = eventFacts(record);
  const caller = callerLabel(record, event);
  const denied = Boolean(event.errorCode);
  const verb = record.eventName === 'TagUser' ? 'tag' : 'untag';
  const tags = tagsOf(record);
  return [
    userTamper(
      {
        record,
        actor,
        decoy,
        category: 'tag-change',
        title: `Tags changed on decoy ${decoy.userName}: iam:${event.name}${denied ? ' (denied)' : ''}`,
        summary: `${caller} tried to ${verb} decoy user ${decoy.userName} (${tags}); the call ${outcome(event)}. Policies with aws:PrincipalTag conditions (ABAC) grant or deny by tag, so a tag change can widen what the decoy key may do without any policy change.${callerDecoyNote(record, context.registry)}`,
        nextSteps: [
          denied
            ? `Nothing changed, but confirm: aws iam list-user-tags --user-name ${decoy.userName}.`
            : `Restore the decoy's tags (aws iam list-user-tags --user-name ${decoy.userName}), then search your policies and SCPs for aws:PrincipalTag conditions on these keys.`,
          ...commonSteps(record, context.registry, caller, actor, decoy),
        ],
      },
      event,
    ),
  ];
};
