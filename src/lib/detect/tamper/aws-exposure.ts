import type { CloudTrailRecord } from '../../cloudtrail/schema.ts';
import { cleanText } from '../../text.ts';
import { eventFacts } from '../facts.ts';
import type { Rule } from '../rules.ts';
import { QUARANTINE_INLINE_POLICY, QUARANTINE_POLICY_ARN } from './calls.ts';
import { callerLabel, isIamCall, madeByAws, outcome, param, targetDecoy, userTamper } from './target.ts';

/** The quarantine policy this call attaches, if it is one of AWS's exposed-key policies. */
export function quarantinePolicy(record: CloudTrailRecord): string | undefined {
  if (isIamCall(record, ['AttachUserPolicy'])) {
    const arn = param(record, 'policyArn');
    return arn && QUARANTINE_POLICY_ARN.test(arn) ? arn : undefined;
  }
  if (isIamCall(record, ['PutUserPolicy'])) {
    return param(record, 'policyName') === QUARANTINE_INLINE_POLICY ? QUARANTINE_INLINE_POLICY : undefined;
  }
  return undefined;
}

/**
 * `aws-detected-exposure`: AWS put its quarantine policy on a decoy because it saw the key in
 * public. Not an escalation; it means the decoy leaked somewhere scrapers read.
 */
export const awsExposureRule: Rule = (record, context, actor) => {
  const policy = quarantinePolicy(record);
  if (!policy) return [];
  const decoy = targetDecoy(record, context.registry);
  if (!decoy) return [];
  const event = eventFacts(record);
  const policyName = cleanText(policy.split('/').pop() ?? policy, 128);
  const byAws = madeByAws(record);
  const who = byAws
    ? 'AWS found the access key of this decoy exposed in public and'
    : `${callerLabel(record, event)} (not AWS itself) attached AWS's exposed-key quarantine policy and`;
  const summary = `${who} attached the quarantine policy ${policyName} to decoy user ${decoy.userName}; the call ${outcome(event)}. This is not attacker escalation: the key leaked publicly and AWS detected it, so expect automated scrapers to try it, often for days.`;
  const nextSteps = [
    `Find the public copy of the key: it was planted in "${decoy.placement}". If that place was meant to be private, it has leaked (public repo, paste site, public image or bucket).`,
    'Expect a burst of scraper calls (GetCallerIdentity and denied enumeration) from many sources; they will arrive as separate use alerts.',
    'Decide: keep the decoy live (leave the quarantine policy in place; it only denies, and detection keeps working) or retire it (deactivate the key and remove it from decoys.yml).',
    'Answer the AWS support case about the exposed key so AWS knows it is a deliberate decoy.',
  ];
  if (!byAws) {
    nextSteps.unshift(
      'AWS did not make this call: confirm someone on your team applied the quarantine policy by hand.',
    );
  }
  return [
    userTamper(
      {
        record,
        actor,
        decoy,
        category: 'aws-detected-exposure',
        title: `AWS quarantined decoy ${decoy.userName}: key exposed in public`,
        summary,
        nextSteps,
      },
      event,
    ),
  ];
};
