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

async function homeOptions(resolveVariable) {
  const [auditSchedule, redriveSchedule, trailName] = await Promise.all([
    resolveVariable('param:auditSchedule'),
    resolveVariable('param:redriveSchedule'),
    configuredTrail(resolveVariable),
  ]);
  return { auditSchedule, redriveSchedule, trailName };
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
