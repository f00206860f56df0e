import type { Config } from '../config.ts';
import type { DetectorResources } from './rules.ts';

/** The names of honeytrail's own deployed resources, as the stack passes them in its environment. */
export function detectorResources(config: Config): DetectorResources {
  return {
    ruleNames: config.HONEYTRAIL_RULE_NAMES,
    rulePrefixes: config.HONEYTRAIL_RULE_PREFIXES,
    functionNames: config.HONEYTRAIL_FUNCTION_NAMES,
    topicArn: config.TOPIC_ARN,
    ...(config.CHAT_TOPIC_ARN ? { chatTopicArn: config.CHAT_TOPIC_ARN } : {}),
    tableName: config.TABLE_NAME,
    roleNames: config.HONEYTRAIL_ROLE_NAMES,
    queueNames: config.HONEYTRAIL_QUEUE_NAMES,
    alarmNames: config.HONEYTRAIL_ALARM_NAMES,
    keyArns: config.HONEYTRAIL_KEY_ARNS,
    busStatementIds: config.HONEYTRAIL_BUS_STATEMENTS,
    ...(config.TRAIL_NAME ? { trailName: config.TRAIL_NAME } : {}),
    ...(config.TRAIL_BUCKET ? { trailBucket: config.TRAIL_BUCKET } : {}),
  };
}
