import type { CloudTrailRecord } from '../cloudtrail/schema.ts';
import type { Actor } from '../enrich/types.ts';
import { cleanText } from '../text.ts';
import type { Detection } from './detection.ts';
import { eventFacts } from './facts.ts';
import type { DetectorResources, Rule } from './rules.ts';
import { GUARDED, type GuardedCall, type GuardedResource } from './tamper/detector-table.ts';
import { baseEventName, LOCATORS, type Located } from './tamper/detector-targets.ts';
import { callerLabel, outcome, param } from './tamper/target.ts';

interface Hit extends Located {
  entry: GuardedResource;
  call: GuardedCall;
  category: string;
}

/** The first table entry whose call this is and whose locator finds one of honeytrail's resources. */
function findHit(record: CloudTrailRecord, detector: DetectorResources): Hit | undefined {
  const name = baseEventName(record.eventSource, record.eventName);
  for (const entry of GUARDED) {
    if (entry.eventSource !== record.eventSource || !Object.hasOwn(entry.calls, name)) continue;
    const call = entry.calls[name] as GuardedCall;
    const located = LOCATORS[entry.locate](record, detector);
    if (located) return { ...located, entry, call, category: categoryOf(record, name, entry, call) };
  }
  return undefined;
}

/** PutRule that disables the rule is as bad as DisableRule. */
function categoryOf(
  record: CloudTrailRecord,
  name: string,
  entry: GuardedResource,
  call: GuardedCall,
): string {
  if (entry.id === 'events-rule' && name === 'PutRule' && param(record, 'state') === 'DISABLED')
    return 'rule-disabled';
  return call.category ?? entry.category;
}

/** Extra words for the few calls whose parameters change the meaning. */
function detail(record: CloudTrailRecord, hit: Hit, name: string, detector: DetectorResources): string {
  if (hit.entry.id === 'events-rule' && name === 'PutRule') {
    const state = param(record, 'state');
    if (!state) return '';
    return ` The new state is ${cleanText(state, 64)}${state === 'ENABLED' ? ', which drops read-only calls such as GetCallerIdentity' : ''}.`;
  }
  if (hit.entry.id === 'sns-topic' && name === 'SetTopicAttributes')
    return ` Attribute changed: ${cleanText(param(record, 'attributeName') ?? 'not given', 64)}.`;
  if (name === 'DeleteTopic')
    return ' This very alert, and every alert after it, cannot be delivered through SNS until the topic is recreated.';
  if (hit.entry.id === 'cloudtrail-trail' && !detector.trailName)
    return ' No trail name is configured for honeytrail, so every trail change is reported; set the trail name to narrow this.';
  return '';
}

function viaCloudFormation(record: CloudTrailRecord): boolean {
  return (
    record.userIdentity?.invokedBy === 'cloudformation.amazonaws.com' ||
    record.sourceIPAddress === 'cloudformation.amazonaws.com'
  );
}

/**
 * `detector-tamper`: a call that would blind honeytrail itself, from the one table of guarded
 * resources and calls (tamper/detector-table.ts), matched against the names of the deployed
 * resources. Without those names the rule stays silent.
 */
export const detectorTamperRule: Rule = (record: CloudTrailRecord, context, actor: Actor): Detection[] => {
  const detector = context.detector;
  if (!detector) return [];
  const hit = findHit(record, detector);
  if (!hit) return [];
  const event = eventFacts(record);
  const name = baseEventName(record.eventSource, record.eventName);
  const caller = callerLabel(record, event);
  const service = hit.entry.service;
  const action = `${service}:${event.name}`;
  const denied = event.errorCode ? ' (denied)' : '';
  const deploy = viaCloudFormation(record)
    ? ' It came through CloudFormation: if this was your own deploy, confirm and close.'
    : '';
  const subject = cleanText(hit.subject, 128);
  const target = cleanText(hit.target, 256);
  const effect = `${name} ${hit.call.effect} (${hit.entry.label}).${detail(record, hit, name, detector)}`;
  return [
    {
      id: `${event.id}:detector-tamper:${service}/${subject}`,
      kind: 'detector-tamper',
      severity: 'critical',
      category: hit.category,
      title: `honeytrail ${service} resource tampered: ${action} on ${subject}${denied}`,
      summary: `${caller} called ${action} on honeytrail's ${target}; the call ${outcome(event)}. ${effect}${deploy}`,
      nextSteps: [
        event.errorCode
          ? 'Nothing changed, but confirm the resource matches the deployed stack.'
          : hit.entry.fix,
        `Investigate ${caller}: it holds (or tried to use) write access to honeytrail's own resources, which an intruder does right before acting unseen.`,
        `Review every other call by ${caller} and from ${actor.sourceIp} in CloudTrail event history, which does not depend on honeytrail.`,
      ],
      event: { ...event, target },
      actor,
      suppressible: false,
    },
  ];
};
