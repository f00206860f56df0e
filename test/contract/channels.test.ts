import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  allStatements,
  asArray,
  type FunctionProps,
  type Packaged,
  type PolicyStatement,
  packageService,
  props,
  ROOT,
  type RoleProps,
  resourcesOfType,
  type Template,
} from './support.ts';

const CHANNELS = 'Channels';
const FUNCTIONS = ['DetectUse', 'DetectTamper', 'Audit', 'FlushDigests', CHANNELS];
const BUS = {
  'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:event-bus/default`,
};
const PRODUCT = {
  'Fn::Sub': `arn:\${AWS::Partition}:securityhub:\${AWS::Region}:\${AWS::AccountId}:product/\${AWS::AccountId}/default`,
};
const SLACK = ['--param', 'slackWorkspaceId=T0123ABCD', '--param', 'slackChannelId=C0123ABCD'];
const TEAMS = [
  '--param',
  'teamsTenantId=11111111-2222-3333-4444-555555555555',
  '--param',
  'teamsTeamId=66666666-7777-8888-9999-000000000000',
  '--param',
  'teamsChannelId=19%3Aabc%40thread.tacv2',
];

let off: Packaged;
let on: Packaged;

beforeAll(async () => {
  off = await packageService(ROOT, ['--param', 'events=false']);
  on = await packageService(ROOT, [...SLACK, ...TEAMS, '--param', 'securityHub=true']);
}, 180_000);

const roleStatements = (template: Template, fn: string): PolicyStatement[] =>
  asArray(props<RoleProps>(template, `${fn}Role`).Policies[0]?.PolicyDocument.Statement ?? []);
const env = (template: Template, fn: string) =>
  props<FunctionProps>(template, `${fn}LambdaFunction`).Environment.Variables;
const actions = (statements: PolicyStatement[]) =>
  statements.flatMap((statement) => asArray(statement.Action));

describe('chat topic', () => {
  it('always exists, encrypted with its own rotating key, and only the channels function may publish to it', () => {
    for (const template of [off.template, on.template]) {
      expect(props<Record<string, unknown>>(template, 'ChatTopic')).toMatchObject({
        TopicName: 'honeytrail-dev-chat',
        KmsMasterKeyId: { Ref: 'ChatTopicKey' },
      });
      expect(props<Record<string, unknown>>(template, 'ChatTopicKey').EnableKeyRotation).toBe(true);
      expect(roleStatements(template, CHANNELS)).toContainEqual({
        Sid: 'ChatTopic',
        Effect: 'Allow',
        Action: ['sns:Publish'],
        Resource: { Ref: 'ChatTopic' },
      });
      expect(JSON.stringify(roleStatements(template, CHANNELS))).toContain('"ChatTopicKey","Arn"');
      expect(env(template, CHANNELS).CHAT_TOPIC_ARN).toEqual({ Ref: 'ChatTopic' });
      for (const fn of FUNCTIONS.filter((name) => name !== CHANNELS))
        expect(JSON.stringify(roleStatements(template, fn))).not.toContain('ChatTopic');
      // The channels function hears every alert: it is a lambda subscriber of the alert topic.
      expect(props<Record<string, unknown>>(template, 'ChannelsAlertSubscription')).toEqual({
        TopicArn: { Ref: 'AlertTopic' },
        Protocol: 'lambda',
        Endpoint: { 'Fn::GetAtt': ['ChannelsLambdaFunction', 'Arn'] },
      });
      expect(props<Record<string, unknown>>(template, 'ChannelsInvokePermission')).toMatchObject({
        Principal: 'sns.amazonaws.com',
        SourceArn: { Ref: 'AlertTopic' },
      });
    }
    expect(on.template.Outputs?.ChatTopicArn).toEqual({ Value: { Ref: 'ChatTopic' } });
  });

  it('lets only the function roles use the chat key, through SNS', () => {
    const key = props<{ KeyPolicy: { Statement: PolicyStatement[] } }>(on.template, 'ChatTopicKey');
    const use = key.KeyPolicy.Statement.find((statement) => statement.Sid === 'FunctionRolesPublish');
    expect(use?.Action).toEqual(['kms:GenerateDataKey', 'kms:Decrypt']);
    expect(use?.Condition?.StringEquals).toEqual({
      'kms:ViaService': { 'Fn::Sub': `sns.\${AWS::Region}.amazonaws.com` },
    });
    const roles = JSON.stringify(use?.Condition?.ArnEquals?.['aws:PrincipalArn']);
    for (const fn of ['detectUse', 'detectTamper', 'audit'])
      expect(roles).toContain(`role/honeytrail-dev-${fn}-`);
  });

  it('binds every service principal in any key policy to this account', () => {
    for (const template of [off.template, on.template]) {
      const keys = resourcesOfType(template, 'AWS::KMS::Key');
      expect(keys.map(([id]) => id).sort()).toEqual(['AlertTopicKey', 'ChatTopicKey', 'TableKey']);
      const services = allStatements(template).filter(
        ({ where, statement }) =>
          where.includes('.KeyPolicy.') && JSON.stringify(statement.Principal ?? {}).includes('Service'),
      );
      expect(services.length).toBeGreaterThan(0);
      for (const { statement } of services) {
        const conditions = JSON.stringify(statement.Condition ?? {});
        expect(conditions).toMatch(/aws:SourceAccount|aws:SourceArn/);
      }
    }
  });
});

describe('chat channel configurations', () => {
  it('are absent without the Slack and Teams params: only the topic, for wiring by hand', () => {
    for (const id of ['ChatChannelRole', 'ChatSlackChannel', 'ChatTeamsChannel'])
      expect(off.template.Resources[id]).toBeUndefined();
    expect(resourcesOfType(off.template, 'AWS::Chatbot::SlackChannelConfiguration')).toEqual([]);
  });

  it('subscribe the given Slack and Teams channels to the chat topic with a read-only guardrail', () => {
    const common = {
      IamRoleArn: { 'Fn::GetAtt': ['ChatChannelRole', 'Arn'] },
      SnsTopicArns: [{ Ref: 'ChatTopic' }],
      GuardrailPolicies: [{ 'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/ReadOnlyAccess` }],
      UserRoleRequired: false,
    };
    expect(on.template.Resources.ChatSlackChannel?.Type).toBe('AWS::Chatbot::SlackChannelConfiguration');
    expect(props<Record<string, unknown>>(on.template, 'ChatSlackChannel')).toMatchObject({
      ...common,
      ConfigurationName: 'honeytrail-dev-slack',
      SlackWorkspaceId: 'T0123ABCD',
      SlackChannelId: 'C0123ABCD',
    });
    expect(on.template.Resources.ChatTeamsChannel?.Type).toBe(
      'AWS::Chatbot::MicrosoftTeamsChannelConfiguration',
    );
    expect(props<Record<string, unknown>>(on.template, 'ChatTeamsChannel')).toMatchObject({
      ...common,
      ConfigurationName: 'honeytrail-dev-teams',
      TeamsTenantId: '11111111-2222-3333-4444-555555555555',
      TeamId: '66666666-7777-8888-9999-000000000000',
      TeamsChannelId: '19%3Aabc%40thread.tacv2',
    });
  });

  it('give the chat integration a role it can assume and that may do nothing else', () => {
    const role = props<Record<string, unknown> & RoleProps>(on.template, 'ChatChannelRole');
    expect(role.Policies).toBeUndefined();
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(asArray(role.AssumeRolePolicyDocument.Statement)).toEqual([
      { Effect: 'Allow', Principal: { Service: 'chatbot.amazonaws.com' }, Action: ['sts:AssumeRole'] },
    ]);
  });

  it('refuse half a Slack configuration at packaging, naming the missing param', async () => {
    await expect(packageService(ROOT, ['--param', 'slackWorkspaceId=T0123ABCD'])).rejects.toThrow(
      /slackWorkspaceId, slackChannelId go together: slackChannelId missing/,
    );
  }, 120_000);
});

describe('EventBridge and Security Hub permissions', () => {
  it('grant PutEvents of source honeytrail on the default bus only, to the channels function, when events are on', () => {
    for (const fn of FUNCTIONS.filter((name) => name !== CHANNELS))
      expect(actions(roleStatements(on.template, fn))).not.toContain('events:PutEvents');
    for (const fn of [CHANNELS]) {
      expect(actions(roleStatements(off.template, fn))).not.toContain('events:PutEvents');
      expect(env(off.template, fn).EVENT_BUS_NAME).toBe('');
      const put = roleStatements(on.template, fn).filter((statement) =>
        actions([statement]).includes('events:PutEvents'),
      );
      expect(put).toEqual([
        {
          Sid: 'HoneytrailEventsOnDefaultBus',
          Effect: 'Allow',
          Action: ['events:PutEvents'],
          Resource: BUS,
          Condition: { StringEquals: { 'events:source': 'honeytrail' } },
        },
      ]);
      expect(env(on.template, fn).EVENT_BUS_NAME).toBe('default');
    }
  });

  it('grant BatchImportFindings on the default product ARN only, to the channels function, when securityHub is on', () => {
    for (const fn of FUNCTIONS.filter((name) => name !== CHANNELS))
      expect(JSON.stringify(roleStatements(on.template, fn))).not.toContain('securityhub:');
    for (const fn of [CHANNELS]) {
      expect(
        actions(roleStatements(off.template, fn)).filter((action) => action.startsWith('securityhub:')),
      ).toEqual([]);
      expect(env(off.template, fn).SECURITY_HUB_PRODUCT_ARN).toBe('');
      const hub = roleStatements(on.template, fn).filter((statement) =>
        actions([statement]).some((action) => action.startsWith('securityhub:')),
      );
      expect(hub).toEqual([
        {
          Sid: 'SecurityHubDefaultProduct',
          Effect: 'Allow',
          Action: ['securityhub:BatchImportFindings'],
          Resource: PRODUCT,
        },
      ]);
      expect(env(on.template, fn).SECURITY_HUB_PRODUCT_ARN).toEqual(PRODUCT);
    }
  });

  it('leaves no wildcard action, and no wildcard resource outside key policies and the one list call', () => {
    for (const template of [off.template, on.template])
      for (const { where, statement } of allStatements(template)) {
        if (statement.Effect !== 'Allow') continue;
        for (const action of asArray(statement.Action)) expect(action).not.toMatch(/(^\*$|:\*$)/);
        if (statement.Resource === '*' && !where.includes('.KeyPolicy.'))
          expect(statement.Sid).toBe('DescribeTrailsHasNoResourceType');
      }
  });
});

describe('cfn-lint', () => {
  it('finds no error in either template, where the machine has it', () => {
    const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
    if (probe.error) return; // not installed here: .ci/run applies the same rule
    for (const packaged of [off, on]) {
      const result = spawnSync(
        'cfn-lint',
        ['--format', 'parseable', join(packaged.dir, 'cloudformation-template-update-stack.json')],
        { encoding: 'utf8' },
      );
      const errors = result.stdout.split('\n').filter((line) => /:E\d{4}:/.test(line));
      expect({ status: (result.status ?? 0) & 2, errors }).toEqual({ status: 0, errors: [] });
    }
  }, 120_000);
});
