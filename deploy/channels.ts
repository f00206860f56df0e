import { EVENT_SOURCE } from '../src/lib/channels/events.ts';
import { arnOf, type Intrinsic, type Resources, ref, type Statement, sub } from './cfn.ts';
import { functionRolesPublish, kmsKey } from './keys.ts';
import type { StackInput } from './names.ts';

export const CHAT_TOPIC = 'ChatTopic';
export const CHAT_TOPIC_KEY = 'ChatTopicKey';
export const CHAT_ROLE = 'ChatChannelRole';

/** The stack params that shape the SOC channels (serverless.yml `params`). */
export interface ChannelOptions {
  slackWorkspaceId: string;
  slackChannelId: string;
  teamsTenantId: string;
  teamsTeamId: string;
  teamsChannelId: string;
  /** `Honeytrail Detection` / `Honeytrail Incident Changed` events on the default bus. */
  events: boolean;
  /** ASFF findings in Security Hub (the account's default product). */
  securityHub: boolean;
}

export const NO_CHANNELS: ChannelOptions = {
  slackWorkspaceId: '',
  slackChannelId: '',
  teamsTenantId: '',
  teamsTeamId: '',
  teamsChannelId: '',
  events: false,
  securityHub: false,
};

/** Params arrive as strings; `true`/`false` only, anything else is a packaging error naming it. */
export function flag(name: string, value: unknown): boolean {
  const text = String(value ?? '').trim();
  if (text === 'true' || text === 'false') return text === 'true';
  throw new Error(`param ${name} must be true or false, not "${text}"`);
}

/** All of a group's params or none: half a Slack or Teams configuration is a mistake, named here. */
function group(options: ChannelOptions, names: (keyof ChannelOptions)[]): boolean {
  const given = names.filter((name) => String(options[name]).trim() !== '');
  if (given.length > 0 && given.length < names.length)
    throw new Error(
      `params ${names.join(', ')} go together: ${names.filter((n) => !given.includes(n)).join(', ')} missing`,
    );
  return given.length === names.length;
}

export const hasSlack = (options: ChannelOptions) => group(options, ['slackWorkspaceId', 'slackChannelId']);
export const hasTeams = (options: ChannelOptions) =>
  group(options, ['teamsTenantId', 'teamsTeamId', 'teamsChannelId']);

export const DEFAULT_BUS_ARN = sub(
  `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:event-bus/default`,
);
export const SECURITY_HUB_PRODUCT_ARN = sub(
  `arn:\${AWS::Partition}:securityhub:\${AWS::Region}:\${AWS::AccountId}:product/\${AWS::AccountId}/default`,
);

/** What each alerting function may do for the channels: nothing beyond these resources. */
export function channelStatements(options: ChannelOptions): Statement[] {
  const statements: Statement[] = [
    { Sid: 'ChatTopic', Effect: 'Allow', Action: ['sns:Publish'], Resource: ref(CHAT_TOPIC) },
  ];
  if (options.events)
    statements.push({
      Sid: 'HoneytrailEventsOnDefaultBus',
      Effect: 'Allow',
      Action: ['events:PutEvents'],
      Resource: DEFAULT_BUS_ARN,
      Condition: { StringEquals: { 'events:source': EVENT_SOURCE } },
    });
  if (options.securityHub)
    statements.push({
      Sid: 'SecurityHubDefaultProduct',
      Effect: 'Allow',
      Action: ['securityhub:BatchImportFindings'],
      Resource: SECURITY_HUB_PRODUCT_ARN,
    });
  return statements;
}

/** The function environment for the channels: plain strings where possible (invoke local). */
export const eventBusName = (options: ChannelOptions): string => (options.events ? 'default' : '');
export const securityHubProductArn = (options: ChannelOptions): Intrinsic | string =>
  options.securityHub ? SECURITY_HUB_PRODUCT_ARN : '';

/**
 * The chat topic with its own key, and, when the params name a Slack or Teams channel, the chat
 * integration's channel configuration: a role that may do nothing, and a read-only guardrail.
 */
export function chatResources(input: StackInput, options: ChannelOptions): Resources {
  const name = `${input.service}-${input.stage}`;
  const resources: Resources = {
    [CHAT_TOPIC_KEY]: kmsKey(input.stage, `${name} chat topic`, [functionRolesPublish(input)]),
    [CHAT_TOPIC]: {
      Type: 'AWS::SNS::Topic',
      Properties: {
        TopicName: `${name}-chat`,
        DisplayName: 'honeytrail chat',
        KmsMasterKeyId: ref(CHAT_TOPIC_KEY),
      },
    },
  };
  const slack = hasSlack(options);
  const teams = hasTeams(options);
  if (!slack && !teams) return resources;
  resources[CHAT_ROLE] = {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: sub(`${name.slice(0, 44)}-chat-\${AWS::Region}`),
      Description:
        'Channel role of the chat integration: it may do nothing; notifications need no permission',
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'chatbot.amazonaws.com' }, Action: ['sts:AssumeRole'] },
        ],
      },
    },
  };
  const common = {
    IamRoleArn: arnOf(CHAT_ROLE),
    SnsTopicArns: [ref(CHAT_TOPIC)],
    GuardrailPolicies: [sub(`arn:\${AWS::Partition}:iam::aws:policy/ReadOnlyAccess`)],
    LoggingLevel: 'ERROR',
    UserRoleRequired: false,
  };
  if (slack)
    resources.ChatSlackChannel = {
      Type: 'AWS::Chatbot::SlackChannelConfiguration',
      Properties: {
        ConfigurationName: `${name}-slack`,
        SlackWorkspaceId: options.slackWorkspaceId,
        SlackChannelId: options.slackChannelId,
        ...common,
      },
    };
  if (teams)
    resources.ChatTeamsChannel = {
      Type: 'AWS::Chatbot::MicrosoftTeamsChannelConfiguration',
      Properties: {
        ConfigurationName: `${name}-teams`,
        TeamsTenantId: options.teamsTenantId,
        TeamId: options.teamsTeamId,
        TeamsChannelId: options.teamsChannelId,
        ...common,
      },
    };
  return resources;
}
