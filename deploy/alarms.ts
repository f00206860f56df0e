import type { Resources } from './cfn.ts';
import { ref } from './cfn.ts';
import { DEAD_LETTER_MAX_AGE_SECONDS } from './delivery.ts';
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

/** An event left in a dead-letter queue for a day raises an alarm of its own, whatever else is going on. */
export function deadLetterAgeAlarm(alarmName: string, queueName: unknown, topic: unknown) {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: alarmName,
      AlarmDescription:
        'honeytrail: an event has waited a day in a dead-letter queue; it may be an alert never sent. Replay it by hand (npm run replay-dlq) once the cause is fixed.',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: queueName }],
      Statistic: 'Maximum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: DEAD_LETTER_MAX_AGE_SECONDS,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
      OKActions: [topic],
    },
  };
}

const METRICS = ['Errors', 'Throttles'] as const;
const QUEUES = [RULES_DLQ, FAILED_INVOCATIONS] as const;
const functionAlarmName = (input: StackInput, key: string, metric: string) =>
  `${input.service}-${input.stage}-${key}-${metric.toLowerCase()}`;
const queueAlarmName = (input: StackInput, queue: string) =>
  `${input.service}-${input.stage}-${queue}-not-empty`;
const queueAgeAlarmName = (input: StackInput, queue: string) =>
  `${input.service}-${input.stage}-${queue}-older-than-a-day`;

/** Every alarm name of the home stack, for the detector-tamper rule. */
export const alarmNames = (input: StackInput): string[] => [
  ...FUNCTION_KEYS.flatMap((key) => METRICS.map((metric) => functionAlarmName(input, key, metric))),
  ...QUEUES.flatMap((queue) => [queueAlarmName(input, queue), queueAgeAlarmName(input, queue)]),
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
          AlarmDescription:
            key === 'redrive'
              ? `honeytrail: redrive ${metric.toLowerCase()}; dead letters wait for its next run`
              : `honeytrail: ${key} ${metric.toLowerCase()}; failed events are retried, then re-driven from the failure queue`,
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Dimensions: [{ Name: 'FunctionName', Value: ref(fn) }],
          Statistic: 'Sum',
        },
      };
    }
  }
  for (const queue of QUEUES) {
    const queueName = { 'Fn::GetAtt': [queue, 'QueueName'] };
    const { Period, ...base } = ALARM_BASE;
    // Visible plus hidden: the redrive hides a message between attempts, which must not read as "empty".
    const count = (id: string, metricName: string) => ({
      Id: id,
      ReturnData: false,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/SQS',
          MetricName: metricName,
          Dimensions: [{ Name: 'QueueName', Value: queueName }],
        },
        Period,
        Stat: 'Maximum',
      },
    });
    resources[`${queue}Alarm`] = {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        ...base,
        AlarmName: queueAlarmName(input, queue),
        AlarmDescription:
          'honeytrail: events were dead-lettered; the redrive re-invokes them every 5 minutes until their function succeeds',
        Metrics: [
          count('visible', 'ApproximateNumberOfMessagesVisible'),
          count('hidden', 'ApproximateNumberOfMessagesNotVisible'),
          { Id: 'waiting', Expression: 'visible + hidden', Label: 'dead letters waiting', ReturnData: true },
        ],
      },
    };
    resources[`${queue}AgeAlarm`] = deadLetterAgeAlarm(
      queueAgeAlarmName(input, queue),
      queueName,
      ref(TOPIC),
    );
  }
  return resources;
}
