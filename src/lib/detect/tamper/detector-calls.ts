/** Calls that could blind honeytrail, by event source. Shared by the rule and the patterns. */
export const DETECTOR_CALLS = {
  'cloudtrail.amazonaws.com': ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'],
  'events.amazonaws.com': ['DisableRule', 'DeleteRule', 'RemoveTargets', 'PutRule'],
  'lambda.amazonaws.com': [
    'DeleteFunction',
    'RemovePermission',
    'UpdateFunctionConfiguration',
    'PutFunctionConcurrency',
  ],
  'sns.amazonaws.com': ['DeleteTopic', 'Unsubscribe', 'SetTopicAttributes'],
  'dynamodb.amazonaws.com': ['DeleteTable'],
} as const satisfies Record<string, readonly string[]>;

export type DetectorSource = keyof typeof DETECTOR_CALLS;

export function isDetectorSource(source: string): source is DetectorSource {
  return Object.hasOwn(DETECTOR_CALLS, source);
}

/** Lambda logs API versions in the event name: `DeleteFunction20150331`, `...20150331v2`. */
export function baseEventName(source: string, eventName: string): string {
  return source === 'lambda.amazonaws.com' ? eventName.replace(/\d{8}(v\d+)?$/, '') : eventName;
}

/** `my-trail` or `arn:aws:cloudtrail:us-east-1:123456789012:trail/my-trail` -> `my-trail`. */
export function trailNameOf(value: string): string {
  const marker = value.indexOf(':trail/');
  return value.startsWith('arn:') && marker >= 0 ? value.slice(marker + ':trail/'.length) : value;
}

/** `rule-name` or `arn:aws:events:…:rule/[bus/]rule-name` -> `rule-name`. */
export function ruleNameOf(value: string): string {
  return value.startsWith('arn:') ? (value.split('/').pop() ?? value) : value;
}

/**
 * Function name from a name, a partial ARN (`123456789012:function:fn`) or a full ARN, with any
 * version or alias qualifier dropped.
 */
export function functionNameOf(value: string): string {
  const marker = value.indexOf('function:');
  const rest = marker >= 0 ? value.slice(marker + 'function:'.length) : value;
  return rest.split(':')[0] ?? rest;
}

/** `table` or `arn:aws:dynamodb:…:table/table` -> `table`. */
export function tableNameOf(value: string): string {
  const marker = value.indexOf(':table/');
  return value.startsWith('arn:') && marker >= 0 ? value.slice(marker + ':table/'.length) : value;
}
