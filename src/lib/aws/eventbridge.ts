import { DescribeRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';

export interface RuleInfo {
  name: string;
  /** Undefined when the rule does not exist. */
  state?: string;
  eventPattern?: string;
  /** Set on scheduled rules (the audit's own), which see no CloudTrail events and run plain ENABLED. */
  scheduleExpression?: string;
  eventBusName?: string;
}

const isNotFound = (error: unknown): boolean =>
  (error as Error | undefined)?.name === 'ResourceNotFoundException';

/** The one EventBridge adapter. */
export function makeEventBridge({ client = new EventBridgeClient({}) }: { client?: EventBridgeClient } = {}) {
  return {
    /** Rule state and pattern; `eventBus` accepts a bus name or ARN ("default" when omitted). */
    async describeRule(name: string, eventBus?: string): Promise<RuleInfo> {
      try {
        const rule = await client.send(
          new DescribeRuleCommand({ Name: name, ...(eventBus ? { EventBusName: eventBus } : {}) }),
        );
        return {
          name,
          ...(rule.State ? { state: rule.State } : {}),
          ...(rule.EventPattern ? { eventPattern: rule.EventPattern } : {}),
          ...(rule.ScheduleExpression ? { scheduleExpression: rule.ScheduleExpression } : {}),
          ...(rule.EventBusName ? { eventBusName: rule.EventBusName } : {}),
        };
      } catch (error) {
        if (isNotFound(error)) return { name };
        throw error;
      }
    },
  };
}

export type EventBridge = ReturnType<typeof makeEventBridge>;
