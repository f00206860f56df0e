import { randomInt } from 'node:crypto';

export const NAME_PROFILES = ['ci', 'backup', 'deploy', 'dev'] as const;
export type NameProfile = (typeof NAME_PROFILES)[number];

/** A source of uniform numbers in [0, 1). Injected so tests can drive it. */
export type Random = () => number;

export const cryptoRandom: Random = () => randomInt(0, 2 ** 32) / 2 ** 32;

const ENVS = ['prod', 'prd', 'production', 'live', 'stg', 'staging', 'ops', 'shared', 'platform'];
const ENV_OR_NONE = [...ENVS, '', '', ''];
const SYSTEMS = ['api', 'web', 'payments', 'billing', 'reporting', 'analytics', 'orders', 'search', 'data'];
const DATABASES = ['db', 'rds', 'postgres', 'pg', 'mysql', 'aurora', 'mongo', 'redis', 'dynamo', 'etcd'];

/** Each profile is a set of templates; a template is a list of word lists joined with dashes. */
const TEMPLATES: Record<NameProfile, string[][][]> = {
  ci: [
    [
      ['ci', 'ci-cd', 'cicd', 'build', 'jenkins', 'gitlab', 'gha', 'circleci', 'buildkite', 'drone'],
      ['', 'deploy', 'release', 'artifact', 'pipeline', 'publish', 'docker', 'ecr'],
      ['runner', 'bot', 'user', 'svc', 'agent', 'automation', 'deployer', 'publisher'],
    ],
    [['svc'], ['ci', 'jenkins', 'gitlab', 'build', 'release'], ['', ...SYSTEMS], ['', 'pipeline', 'runner']],
  ],
  backup: [
    [
      ENV_OR_NONE,
      [...DATABASES, 's3', 'ebs', 'efs', 'elastic', 'vault', 'gitlab', 'jira', 'wiki'],
      ['backup-user', 'backup', 'backups', 'snapshot', 'snapshots', 'dump', 'archiver', 'backup-agent'],
    ],
    [['svc'], ['backup', 'snapshot', 'archive', 'dr'], ['', ...DATABASES], ['', 'nightly', 'weekly']],
  ],
  deploy: [
    [
      ENV_OR_NONE,
      ['deploy', 'release', 'terraform', 'tf', 'cdk', 'ansible', 'helm', 'k8s', 'eks', 'ecs', 'infra'],
      ['deployer', 'deploy-user', 'admin', 'automation', 'svc', 'ops', 'user', 'runner'],
    ],
    [
      ['ci-cd', 'cd', 'gitops', 'argocd', 'spinnaker'],
      ['', ...ENVS],
      ['deploy', 'deployer', 'sync'],
      ['', 'admin'],
    ],
  ],
  dev: [
    [['svc'], SYSTEMS, ['etl', 'sync', 'worker', 'exporter', 'importer', 'jobs', 'integration', 'app']],
    [
      ['dev', 'development', 'sandbox', 'qa', 'uat', 'test', 'local'],
      ['', ...SYSTEMS],
      ['user', 'svc', 'app', 'access', 'api', 'service'],
    ],
  ],
};

const pick = <T>(items: readonly T[], random: Random): T =>
  items[Math.min(items.length - 1, Math.floor(random() * items.length))] as T;

/** A realistic service-account name for the profile, e.g. `prod-db-backup-user` or `svc-reporting-etl`. */
export function generateName(profile: NameProfile, random: Random = cryptoRandom): string {
  const template = pick(TEMPLATES[profile], random);
  const parts = template.map((words) => pick(words, random)).filter((word) => word !== '');
  const unique = parts.filter((word, index) => parts.indexOf(word) === index);
  // A short ordinal appears on many real accounts; two digits never trip the generated-ID checks.
  if (random() < 0.15) unique.push(pick(['01', '02', '1', '2', 'v2'], random));
  return unique.join('-');
}

/** Every word the generator can emit, for tests that check names are made of real words. */
export function vocabulary(): Set<string> {
  const words = new Set<string>(['01', '02', '1', '2', 'v2']);
  for (const templates of Object.values(TEMPLATES))
    for (const template of templates)
      for (const list of template)
        for (const word of list) for (const part of word.split('-')) words.add(part);
  words.delete('');
  return words;
}
