import { alarmResources } from './alarms.ts';
import { arnOf, type Resources, ref } from './cfn.ts';
import { type ChannelOptions, chatResources, NO_CHANNELS } from './channels.ts';
import { keyResources } from './keys.ts';
import { FUNCTION_KEYS, functionLogicalId, functionName, type StackInput } from './names.ts';
import { FAILED_INVOCATIONS, roleResources } from './roles.ts';
import { planRules, ruleResources } from './rules.ts';
import { tableResources } from './table.ts';

export interface HomeOptions {
  auditSchedule: string;
  /** Chat, events and Security Hub params; none when omitted. */
  channels?: ChannelOptions;
}

/**
 * Lambda's own retries for asynchronous invocations (EventBridge invokes asynchronously), then the
 * event goes to the failure queue with the error, instead of being dropped.
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
          MaximumRetryAttempts: 2,
          MaximumEventAgeInSeconds: 21_600,
          DestinationConfig: { OnFailure: { Destination: arnOf(FAILED_INVOCATIONS) } },
        },
      },
    ]),
  );
}

/** Everything in the home stack that depends on the registry or on names computed from it. */
export function homeResources(input: StackInput, options: HomeOptions): Resources {
  if (input.registry.decoys.length === 0)
    throw new Error('the decoy registry lists no decoys: a stack without use rules would watch nothing');
  const rules = planRules(input, options.auditSchedule);
  return {
    ...ruleResources(rules),
    ...roleResources(input, rules, options.channels ?? NO_CHANNELS),
    ...chatResources(input, options.channels ?? NO_CHANNELS),
    ...keyResources(input),
    ...invokeConfigs(),
    ...tableResources(input),
    ...alarmResources(input),
  };
}

/** HONEYTRAIL_RULE_NAMES: plain strings, so `serverless invoke local` needs no CloudFormation lookups. */
export const ruleNames = (input: StackInput, options: Pick<HomeOptions, 'auditSchedule'>): string =>
  planRules(input, options.auditSchedule)
    .map((rule) => rule.name)
    .join(',');

export const functionNames = (input: StackInput): string =>
  FUNCTION_KEYS.map((key) => functionName(input, key)).join(',');
