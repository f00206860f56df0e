import { alarmNames, alarmResources } from './alarms.ts';
import { arnOf, type Resources, ref } from './cfn.ts';
import { type ChannelOptions, chatResources, NO_CHANNELS } from './channels.ts';
import { ASYNC_INVOKE, REDRIVE_INVOKE } from './delivery.ts';
import { keyResources } from './keys.ts';
import { FUNCTION_KEYS, functionLogicalId, functionName, roleName, type StackInput } from './names.ts';
import { FAILED_INVOCATIONS, roleResources, TOPIC } from './roles.ts';
import { planRules, ruleResources, type Schedules } from './rules.ts';
import { tableResources } from './table.ts';

export interface HomeOptions extends Schedules {
  /** The trail the audit checks (name or ARN); empty when none is configured. */
  trailName?: string;
  /** Chat, events and Security Hub params; none when omitted. */
  channels?: ChannelOptions;
}

/**
 * Lambda's own retries for asynchronous invocations (EventBridge invokes asynchronously), then the
 * event goes to the failure queue with the error, instead of being dropped. The redrive is the
 * exception: its next scheduled run is its retry, and its failures must not feed its own queue.
 */
function invokeConfigs(): Resources {
  return Object.fromEntries(
    FUNCTION_KEYS.map((key) => [
      `${functionLogicalId(key).replace('LambdaFunction', '')}InvokeConfig`,
      {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: {
          FunctionName: ref(functionLogicalId(key)),
          Qualifier: '$LATEST',
          ...(key === 'redrive'
            ? REDRIVE_INVOKE
            : {
                ...ASYNC_INVOKE,
                DestinationConfig: { OnFailure: { Destination: arnOf(FAILED_INVOCATIONS) } },
              }),
        },
      },
    ]),
  );
}

/**
 * The channels function is a subscriber of the alert topic: the detectors mail once, and chat, events
 * and Security Hub follow from the same message without slowing or failing the e-mail path.
 */
function channelsSubscription(): Resources {
  const fn = arnOf(functionLogicalId('channels'));
  return {
    ChannelsAlertSubscription: {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: ref(TOPIC), Protocol: 'lambda', Endpoint: fn },
    },
    ChannelsInvokePermission: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: fn,
        Principal: 'sns.amazonaws.com',
        SourceArn: ref(TOPIC),
      },
    },
  };
}

/** Everything in the home stack that depends on the registry or on names computed from it. */
export function homeResources(input: StackInput, options: HomeOptions): Resources {
  if (input.registry.decoys.length === 0)
    throw new Error('the decoy registry lists no decoys: a stack without use rules would watch nothing');
  const rules = planRules(input, options);
  return {
    ...ruleResources(rules),
    ...roleResources(input, rules, options.channels ?? NO_CHANNELS, options.trailName),
    ...chatResources(input, options.channels ?? NO_CHANNELS),
    ...channelsSubscription(),
    ...keyResources(input),
    ...invokeConfigs(),
    ...tableResources(input),
    ...alarmResources(input),
  };
}

/** HONEYTRAIL_RULE_NAMES: plain strings, so `serverless invoke local` needs no CloudFormation lookups. */
export const ruleNames = (input: StackInput, options: HomeOptions): string =>
  planRules(input, options)
    .map((rule) => rule.name)
    .join(',');

export const functionNames = (input: StackInput): string =>
  FUNCTION_KEYS.map((key) => functionName(input, key)).join(',');

/**
 * The other names the detector-tamper rule guards, as plain comma-separated strings (role names
 * carry the deploy region, which the caller resolves). Queue and bus statement names follow
 * serverless.yml; the contract test checks them against the packaged template.
 */
export function guardedNames(input: StackInput, region: string): Record<string, string> {
  const prefix = `${input.service}-${input.stage}`;
  return {
    roleNames: FUNCTION_KEYS.map((key) => roleName(input, key).replace(`\${AWS::Region}`, region)).join(','),
    queueNames: [`${prefix}-rules-dlq`, `${prefix}-failed-invocations`].join(','),
    alarmNames: alarmNames(input).join(','),
    busStatements: [`${prefix}-account`, `${prefix}-organisation`].join(','),
  };
}
