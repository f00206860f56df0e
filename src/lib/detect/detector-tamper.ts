import type { CloudTrailRecord } from '../cloudtrail/schema.ts';
import type { Actor } from '../enrich/types.ts';
import { cleanText } from '../text.ts';
import type { Detection } from './detection.ts';
import { eventFacts } from './facts.ts';
import type { DetectorResources, Rule } from './rules.ts';
import {
  baseEventName,
  DETECTOR_CALLS,
  functionNameOf,
  isDetectorSource,
  ruleNameOf,
  tableNameOf,
  trailNameOf,
} from './tamper/detector-calls.ts';
import { callerLabel, outcome, param } from './tamper/target.ts';

/** What a matched call hits and what it means, before the shared wording is added. */
interface Hit {
  category: string;
  service: string;
  /** The honeytrail resource, as named in the call. */
  target: string;
  /** Short name for the detection id and the title. */
  subject: string;
  effect: string;
  fix: string;
}

function trailHit(record: CloudTrailRecord, name: string, detector: DetectorResources): Hit | undefined {
  const value = param(record, 'name') ?? param(record, 'trailName');
  const trail = value ? trailNameOf(value) : undefined;
  const configured = detector.trailName;
  if (configured ? trail !== configured : !trail) return undefined;
  const disables = name === 'StopLogging' || name === 'DeleteTrail';
  const scope = configured
    ? ''
    : ' No trail name is configured for honeytrail, so every trail change is reported; set the trail name to narrow this.';
  return {
    category: disables ? 'trail-disabled' : 'trail-modified',
    service: 'cloudtrail',
    target: value ?? '',
    subject: trail ?? '',
    effect: `${disables ? 'Without this trail logging, EventBridge receives no CloudTrail events and decoy use goes unseen.' : 'Changing the trail or its event selectors can stop the management events honeytrail depends on.'}${scope}`,
    fix: disables
      ? `Turn logging back on (aws cloudtrail start-logging --name ${cleanText(trail ?? '', 128)}) or redeploy the trail, then review CloudTrail event history for the gap.`
      : 'Compare the trail and its event selectors with the deployed stack; redeploy to restore them (management events, read and write).',
  };
}

function isOurRule(name: string, detector: DetectorResources): boolean {
  return (
    detector.ruleNames.includes(name) ||
    (detector.rulePrefixes ?? []).some((prefix) => name.startsWith(prefix))
  );
}

function ruleHit(record: CloudTrailRecord, name: string, detector: DetectorResources): Hit | undefined {
  const value = param(record, 'name') ?? param(record, 'rule');
  if (!value || !isOurRule(ruleNameOf(value), detector)) return undefined;
  const state = param(record, 'state');
  const disabled = name !== 'PutRule' || state === 'DISABLED';
  const stateNote =
    name === 'PutRule' && state
      ? ` The new state is ${cleanText(state, 64)}${state === 'ENABLED' ? ', which drops read-only calls such as GetCallerIdentity' : ''}.`
      : '';
  return {
    category: disabled ? 'rule-disabled' : 'rule-modified',
    service: 'events',
    target: value,
    subject: ruleNameOf(value),
    effect: `This EventBridge rule feeds CloudTrail events to honeytrail; disabling, deleting, retargeting or rewriting it blinds detection.${stateNote}`,
    fix: 'Redeploy the stack to restore the rule, its pattern, its state (ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS) and its targets.',
  };
}

function functionHit(record: CloudTrailRecord, detector: DetectorResources): Hit | undefined {
  const value = param(record, 'functionName');
  if (!value || !detector.functionNames.includes(functionNameOf(value))) return undefined;
  return {
    category: 'function-tampered',
    service: 'lambda',
    target: value,
    subject: functionNameOf(value),
    effect:
      'Deleting the function, removing its invoke permission or changing its configuration (environment, role, timeout) or setting its reserved concurrency to zero can stop or falsify detection.',
    fix: 'Redeploy the stack to restore the function, its configuration and its invoke permission; diff the requestParameters against the stack.',
  };
}

function topicHit(record: CloudTrailRecord, name: string, detector: DetectorResources): Hit | undefined {
  const topic = detector.topicArn;
  if (!topic) return undefined;
  const subscription = param(record, 'subscriptionArn');
  const hit =
    name === 'Unsubscribe'
      ? subscription?.startsWith(`${topic}:`) === true
      : param(record, 'topicArn') === topic;
  if (!hit) return undefined;
  const effects: Record<string, string> = {
    DeleteTopic:
      'This deletes the alert topic itself: this very alert, and every alert after it, cannot be delivered through SNS until the topic is recreated.',
    Unsubscribe: 'A subscriber of the alert topic was removed: that endpoint no longer receives alerts.',
    SetTopicAttributes: `Changing the alert topic (${cleanText(param(record, 'attributeName') ?? 'attribute not given', 64)}) can block publishing or redirect delivery.`,
  };
  return {
    category: 'topic-tampered',
    service: 'sns',
    target: name === 'Unsubscribe' ? (subscription ?? topic) : topic,
    subject: topic.split(':').pop() ?? topic,
    effect: effects[name] ?? '',
    fix: 'Redeploy the stack to restore the topic, its policy and its subscriptions, then confirm each subscriber receives a test alert.',
  };
}

function tableHit(record: CloudTrailRecord, detector: DetectorResources): Hit | undefined {
  const value = param(record, 'tableName');
  if (!value || !detector.tableName || tableNameOf(value) !== detector.tableName) return undefined;
  return {
    category: 'table-deleted',
    service: 'dynamodb',
    target: value,
    subject: tableNameOf(value),
    effect:
      'Without its table honeytrail loses its record of past detections: duplicates can no longer be suppressed and history is gone.',
    fix: 'Redeploy the stack to recreate the table; restore from a backup or point-in-time recovery if enabled.',
  };
}

function findHit(record: CloudTrailRecord, detector: DetectorResources): Hit | undefined {
  const source = record.eventSource;
  if (!isDetectorSource(source)) return undefined;
  const name = baseEventName(source, record.eventName);
  const calls: readonly string[] = DETECTOR_CALLS[source];
  if (!calls.includes(name)) return undefined;
  switch (source) {
    case 'cloudtrail.amazonaws.com':
      return trailHit(record, name, detector);
    case 'events.amazonaws.com':
      return ruleHit(record, name, detector);
    case 'lambda.amazonaws.com':
      return functionHit(record, detector);
    case 'sns.amazonaws.com':
      return topicHit(record, name, detector);
    default:
      return tableHit(record, detector);
  }
}

function viaCloudFormation(record: CloudTrailRecord): boolean {
  return (
    record.userIdentity?.invokedBy === 'cloudformation.amazonaws.com' ||
    record.sourceIPAddress === 'cloudformation.amazonaws.com'
  );
}

/**
 * `detector-tamper`: a call that would blind honeytrail itself, matched against the names of
 * the deployed resources. Without those names the rule stays silent.
 */
export const detectorTamperRule: Rule = (record: CloudTrailRecord, context, actor: Actor): Detection[] => {
  const detector = context.detector;
  if (!detector) return [];
  const hit = findHit(record, detector);
  if (!hit) return [];
  const event = eventFacts(record);
  const caller = callerLabel(record, event);
  const action = `${hit.service}:${event.name}`;
  const denied = event.errorCode ? ' (denied)' : '';
  const deploy = viaCloudFormation(record)
    ? ' It came through CloudFormation: if this was your own deploy, confirm and close.'
    : '';
  const subject = cleanText(hit.subject, 128);
  return [
    {
      id: `${event.id}:detector-tamper:${hit.service}/${subject}`,
      kind: 'detector-tamper',
      severity: 'critical',
      category: hit.category,
      title: `honeytrail ${hit.service} resource tampered: ${action} on ${subject}${denied}`,
      summary: `${caller} called ${action} on honeytrail's ${cleanText(hit.target, 256)}; the call ${outcome(event)}. ${hit.effect}${deploy}`,
      nextSteps: [
        event.errorCode ? 'Nothing changed, but confirm the resource matches the deployed stack.' : hit.fix,
        `Investigate ${caller}: it holds (or tried to use) write access to honeytrail's own resources, which an intruder does right before acting unseen.`,
        `Review every other call by ${caller} and from ${actor.sourceIp} in CloudTrail event history, which does not depend on honeytrail.`,
      ],
      event: { ...event, target: cleanText(hit.target, 256) },
      actor,
      suppressible: false,
    },
  ];
};
