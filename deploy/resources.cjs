// Variable resolvers for serverless.yml and forwarder/serverless.yml.
// The framework require()s this file, so it is CommonJS; it loads the typed generators in
// deploy/*.ts (ESM TypeScript) through tsx, offline. Decoy file paths are relative to the repo root.
const fs = require('node:fs');
const path = require('node:path');
const { register } = require('tsx/cjs/api');

const root = path.join(__dirname, '..');
// A namespaced registration only compiles what is loaded through it, not the framework's own requires.
const tsx = register({ namespace: 'honeytrail-deploy' });

async function load(file) {
  return tsx.require(path.join(__dirname, file), __filename);
}

/**
 * A missing or invalid decoys.yml stops packaging with one line. Thrown, the framework would print
 * it once per variable that reads the registry, each time with a stack trace.
 */
function stop(message) {
  process.stderr.write(`honeytrail: ${message}\n`);
  process.exit(1);
}

async function stackInput(resolveVariable) {
  const [{ loadRegistryFile }, service, stage, decoysFile] = await Promise.all([
    load('../src/lib/decoys/load.ts'),
    resolveVariable('self:service'),
    resolveVariable('sls:stage'),
    resolveVariable('param:decoysFile'),
  ]);
  const file = path.resolve(root, decoysFile);
  if (!fs.existsSync(file)) {
    stop(
      `no decoy registry at ${path.relative(process.cwd(), file) || file} for stage ${stage}: create it (cp decoys.example.yml decoys.yml) or pass --param decoysFile=FILE`,
    );
  }
  try {
    return { service, stage, registry: loadRegistryFile(file) };
  } catch (error) {
    if (error && error.name === 'RegistryError') stop(error.message);
    throw error;
  }
}

/** The trail the audit checks: the one passed in, else ours when createTrail is on, else none. */
async function configuredTrail(resolveVariable) {
  const [given, create, service, stage] = await Promise.all([
    resolveVariable('param:trailName'),
    resolveVariable('param:createTrail'),
    resolveVariable('self:service'),
    resolveVariable('sls:stage'),
  ]);
  if (given) return String(given);
  return String(create) === 'true' ? `${service}-${stage}` : '';
}

/** Where `serverless package` writes the registry functions read (see compiledRegistry). */
const COMPILED_REGISTRY = 'dist/lambda/decoys.json';

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
  const [auditSchedule, redriveSchedule, trailName, channels] = await Promise.all([
    resolveVariable('param:auditSchedule'),
    resolveVariable('param:redriveSchedule'),
    configuredTrail(resolveVariable),
    channelOptions(resolveVariable),
  ]);
  return { auditSchedule, redriveSchedule, trailName, channels };
}

module.exports = {
  /**
   * Validates decoys.yml and writes it as JSON for the functions, which carry no YAML parser.
   * Returns the path (relative to the package root) for DECOYS_FILE and package.patterns.
   */
  async compiledRegistry({ resolveVariable }) {
    const { registry } = await stackInput(resolveVariable);
    const out = path.join(root, COMPILED_REGISTRY);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify({ decoys: registry.decoys }, null, 2)}\n`);
    return COMPILED_REGISTRY;
  },
  /** CloudFormation Resources generated from decoys.yml: rules, permissions, roles, keys. */
  async homeResources({ resolveVariable }) {
    const { homeResources } = await load('home.ts');
    return homeResources(await stackInput(resolveVariable), await homeOptions(resolveVariable));
  },
  async ruleNames({ resolveVariable }) {
    const { ruleNames } = await load('home.ts');
    return ruleNames(await stackInput(resolveVariable), await homeOptions(resolveVariable));
  },
  /** roleNames, queueNames, alarmNames, busStatements: what the detector-tamper rule guards. */
  async guardedNames({ resolveVariable }) {
    const { guardedNames } = await load('home.ts');
    const region = await resolveVariable('opt:region, self:provider.region');
    return guardedNames(await stackInput(resolveVariable), region);
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
  async trailName({ resolveVariable }) {
    return configuredTrail(resolveVariable);
  },
  async forwarderResources({ resolveVariable }) {
    const { forwarderResources } = await load('forwarder.ts');
    const homeRegion = await resolveVariable('param:homeRegion');
    const homeAccountId = await resolveVariable('param:homeAccountId');
    const homeAccount = homeAccountId ? String(homeAccountId) : { Ref: 'AWS::AccountId' };
    return forwarderResources(await stackInput(resolveVariable), homeRegion, homeAccount);
  },
};
