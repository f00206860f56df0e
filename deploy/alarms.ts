import type { Resources } from './cfn.ts';
import { ref } from './cfn.ts';
import { FUNCTION_KEYS, functionLogicalId, type StackInput } from './names.ts';
import { FAILED_INVOCATIONS, TOPIC } from './roles.ts';
import { RULES_DLQ } from './rules.ts';

const ALARM_BASE = {
  Period: 300,
  EvaluationPeriods: 1,
  Threshold: 0,
  ComparisonOperator: 'GreaterThanThreshold',
  TreatMissingData: 'notBreaching',
  AlarmActions: [ref(TOPIC)],
  OKActions: [ref(TOPIC)],
};

const METRICS = ['Errors', 'Throttles'] as const;
const QUEUES = [RULES_DLQ, FAILED_INVOCATIONS] as const;
const functionAlarmName = (input: StackInput, key: string, metric: string) =>
  `${input.service}-${input.stage}-${key}-${metric.toLowerCase()}`;
const queueAlarmName = (input: StackInput, queue: string) =>
  `${input.service}-${input.stage}-${queue}-not-empty`;

/** Every alarm name of the home stack, for the detector-tamper rule. */
export const alarmNames = (input: StackInput): string[] => [
  ...FUNCTION_KEYS.flatMap((key) => METRICS.map((metric) => functionAlarmName(input, key, metric))),
  ...QUEUES.map((queue) => queueAlarmName(input, queue)),
];

/** Any error, throttle or dead letter notifies the alert topic: a lost detection must be loud. */
export function alarmResources(input: StackInput): Resources {
  const resources: Resources = {};
  for (const key of FUNCTION_KEYS) {
    const fn = functionLogicalId(key);
    for (const metric of METRICS) {
      resources[`${fn.replace('LambdaFunction', '')}${metric}Alarm`] = {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          ...ALARM_BASE,
          AlarmName: functionAlarmName(input, key, metric),
          AlarmDescription: `honeytrail: ${key} ${metric.toLowerCase()}; failed events wait in the failure queue`,
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: ref(fn) }],
          Statistic: 'Sum',
        },
      };
    }
  }
  for (const queue of QUEUES) {
    resources[`${queue}Alarm`] = {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        ...ALARM_BASE,
        AlarmName: queueAlarmName(input, queue),
        AlarmDescription: 'honeytrail: events are waiting for replay (npm run replay-dlq)',
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
        Statistic: 'Maximum',
      },
    };
  }
  return resources;
}
