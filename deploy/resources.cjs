// Variable resolvers for serverless.yml and forwarder/serverless.yml.
// The framework require()s this file, so it is CommonJS; it loads the typed generators in
// deploy/*.ts (ESM TypeScript) through tsx, offline. Decoy file paths are relative to the repo root.
const path = require('node:path');
const { register } = require('tsx/cjs/api');

const root = path.join(__dirname, '..');
// A namespaced registration only compiles what is loaded through it, not the framework's own requires.
const tsx = register({ namespace: 'honeytrail-deploy' });

async function load(file) {
  return tsx.require(path.join(__dirname, file), __filename);
}

async function stackInput(resolveVariable) {
  const [{ loadRegistryFile }, service, stage, decoysFile] = await Promise.all([
    load('../src/lib/decoys/load.ts'),
    resolveVariable('self:service'),
    resolveVariable('sls:stage'),
    resolveVariable('param:decoysFile'),
  ]);
  return { service, stage, registry: loadRegistryFile(path.resolve(root, decoysFile)) };
}

const CHANNEL_PARAMS = [
  'slackWorkspaceId',
  'slackChannelId',
  'teamsTenantId',
  'teamsTeamId',
  'teamsChannelId',
];

/** The chat, events and Security Hub params, checked once (half a Slack or Teams setup stops packaging). */
async function channelOptions(resolveVariable) {
  const { flag, hasSlack, hasTeams } = await load('channels.ts');
  const ids = await Promise.all(CHANNEL_PARAMS.map((name) => resolveVariable(`param:${name}`)));
  const options = Object.fromEntries(
    CHANNEL_PARAMS.map((name, index) => [name, String(ids[index] ?? '').trim()]),
  );
  options.events = flag('events', await resolveVariable('param:events'));
  options.securityHub = flag('securityHub', await resolveVariable('param:securityHub'));
  hasSlack(options);
  hasTeams(options);
  return options;
}

async function homeOptions(resolveVariable) {
  return {
    auditSchedule: await resolveVariable('param:auditSchedule'),
    channels: await channelOptions(resolveVariable),
  };
}

module.exports = {
  /** CloudFormation Resources generated from decoys.yml: rules, permissions, roles, keys. */
  async homeResources({ resolveVariable }) {
    const { homeResources } = await load('home.ts');
    return homeResources(await stackInput(resolveVariable), await homeOptions(resolveVariable));
  },
  async ruleNames({ resolveVariable }) {
    const { ruleNames } = await load('home.ts');
    return ruleNames(await stackInput(resolveVariable), await homeOptions(resolveVariable));
  },
  async functionNames({ resolveVariable }) {
    const { functionNames } = await load('home.ts');
    return functionNames(await stackInput(resolveVariable));
  },
  /** EVENT_BUS_NAME: `default` when events are on, else empty (no events). */
  async eventBusName({ resolveVariable }) {
    const { eventBusName } = await load('channels.ts');
    return eventBusName(await channelOptions(resolveVariable));
  },
  /** SECURITY_HUB_PRODUCT_ARN: the default product ARN when securityHub is on, else empty. */
  async securityHubProductArn({ resolveVariable }) {
    const { securityHubProductArn } = await load('channels.ts');
    return securityHubProductArn(await channelOptions(resolveVariable));
  },
  /** The trail the audit checks: the one passed in, else ours when createTrail is on, else none. */
  async trailName({ resolveVariable }) {
    const [given, create, service, stage] = await Promise.all([
      resolveVariable('param:trailName'),
      resolveVariable('param:createTrail'),
      resolveVariable('self:service'),
      resolveVariable('sls:stage'),
    ]);
    if (given) return given;
    return String(create) === 'true' ? `${service}-${stage}` : '';
  },
  async forwarderResources({ resolveVariable }) {
    const { forwarderResources } = await load('forwarder.ts');
    const homeRegion = await resolveVariable('param:homeRegion');
    const homeAccountId = await resolveVariable('param:homeAccountId');
    const homeAccount = homeAccountId ? String(homeAccountId) : { Ref: 'AWS::AccountId' };
    return forwarderResources(await stackInput(resolveVariable), homeRegion, homeAccount);
  },
};
