/**
 * A deterministic CloudTrail-shaped archive: AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/
 * files of {"Records":[...]}, gzipped, with realistic public IPs (cloud, hosting, ISP and Tor
 * ranges), userAgents and call mixes, and a fixed share of records made with decoy keys.
 * The same spec always gives byte-identical files. Used by `npm run bench:archive` and the tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ArchiveSpec {
  dir: string;
  files: number;
  records: number;
  /** One record in this many is made with a decoy key. */
  decoyEvery: number;
  seed?: number;
  /** Also write one CloudTrail digest file per day under CloudTrail-Digest/. */
  digests?: boolean;
}

export interface Archive {
  files: string[];
  records: number;
  decoyRecords: number;
  digestFiles: number;
}

/** mulberry32: small, fast, and the same on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACCOUNTS = ['123456789012', '210987654321'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
/** Public ranges by who runs them: first octets and a width. */
const NETWORKS: [number, number, number][] = [
  [3, 80, 16], // AWS
  [52, 0, 32], // AWS
  [54, 144, 16], // AWS
  [34, 64, 64], // Google Cloud
  [20, 0, 32], // Azure
  [167, 99, 1], // DigitalOcean
  [78, 46, 2], // Hetzner
  [51, 68, 1], // OVH
  [73, 0, 255], // Comcast
  [79, 192, 64], // Deutsche Telekom
  [86, 128, 64], // BT
  [185, 220, 1], // Tor exits (Zwiebelfreunde)
];
const AGENTS = [
  'aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-1017-aws md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#ec2.describe-instances',
  'aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64 prompt/off command/s3.ls',
  'Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#5.10.226-214.880.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.35.54',
  'aws-sdk-js/3.654.0 ua/2.1 os/linux#5.10.226-214.879.amzn2.x86_64 lang/js md/nodejs#20.17.0 api/dynamodb#3.654.0 exec-env/AWS_Lambda_nodejs20.x m/E',
  'aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.173.0',
  'APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.67.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.30.5 ua/2.1 os/linux lang/go#1.22.7 md/GOOS#linux md/GOARCH#amd64 api/sts#1.30.7',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36',
  'console.amazonaws.com',
  'AWS Internal',
  'aws-sdk-java/2.28.11 Linux/5.10.225-213.878.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS Java/17.0.12 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/adaptive',
];
const ATTACKER_AGENTS = [
  'TruffleHog',
  'aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.12.13-amd64 md/distrib#kali.2025 lang/python#3.12.6 md/command#sts.get-caller-identity',
  'Boto3/1.26.45 Python/3.9.2 Linux/6.0.0-2parrot1-amd64 Botocore/1.29.45',
  'python-requests/2.32.3',
];
/** Calls by frequency: [eventSource, eventName, readOnly, service principal making it or ''] */
const CALLS: [string, string, boolean, string][] = [
  ['sts.amazonaws.com', 'AssumeRole', true, 'lambda.amazonaws.com'],
  ['kms.amazonaws.com', 'Decrypt', true, 'secretsmanager.amazonaws.com'],
  ['ec2.amazonaws.com', 'DescribeInstances', true, ''],
  ['logs.amazonaws.com', 'CreateLogStream', false, ''],
  ['s3.amazonaws.com', 'ListBuckets', true, ''],
  ['sts.amazonaws.com', 'GetCallerIdentity', true, ''],
  ['lambda.amazonaws.com', 'ListFunctions20150331', true, ''],
  ['cloudformation.amazonaws.com', 'DescribeStacks', true, ''],
  ['ssm.amazonaws.com', 'GetParameter', true, ''],
  ['dynamodb.amazonaws.com', 'DescribeTable', true, ''],
  ['iam.amazonaws.com', 'ListRoles', true, ''],
  ['monitoring.amazonaws.com', 'GetMetricData', true, ''],
  ['ec2.amazonaws.com', 'RunInstances', false, ''],
  ['iam.amazonaws.com', 'CreateAccessKey', false, ''],
  ['events.amazonaws.com', 'PutRule', false, ''],
  ['lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2', false, ''],
];
const CALL_WEIGHTS = [18, 14, 12, 10, 8, 8, 6, 5, 5, 4, 3, 3, 2, 0.6, 0.2, 0.2];
const DECOYS = [
  { userName: 'prod-db-backup-user', accountId: '123456789012', key: 'AKIA2E0A8F3B244C9986' },
  { userName: 'ci-cd-deploy-admin', accountId: '123456789012', key: 'AKIAY4M2PZ7NQ3XR5TKL' },
];
const DECOY_CALLS: [string, string][] = [
  ['sts.amazonaws.com', 'GetCallerIdentity'],
  ['s3.amazonaws.com', 'ListBuckets'],
  ['iam.amazonaws.com', 'ListUsers'],
  ['ec2.amazonaws.com', 'DescribeInstances'],
  ['secretsmanager.amazonaws.com', 'ListSecrets'],
];

export function makeRandom(seed: number) {
  const next = prng(seed);
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  const hex = (n: number): string => {
    let out = '';
    for (let i = 0; i < n; i++) out += '0123456789abcdef'[int(16)];
    return out;
  };
  const uuid = (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(4)]}${hex(3)}-${hex(12)}`;
  const upper = (n: number): string => {
    let out = '';
    for (let i = 0; i < n; i++) out += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[int(32)];
    return out;
  };
  const ip = (): string => {
    const [a, b, width] = pick(NETWORKS);
    return `${a}.${b + int(width)}.${int(256)}.${1 + int(254)}`;
  };
  const weighted = (): (typeof CALLS)[number] => {
    const total = CALL_WEIGHTS.reduce((s, w) => s + w, 0);
    let r = next() * total;
    for (let i = 0; i < CALLS.length; i++) {
      r -= CALL_WEIGHTS[i] ?? 0;
      if (r <= 0) return CALLS[i] as (typeof CALLS)[number];
    }
    return CALLS[0] as (typeof CALLS)[number];
  };
  return { next, int, pick, uuid, upper, ip, weighted };
}

type Random = ReturnType<typeof makeRandom>;

function baseRecord(r: Random, time: string, region: string, account: string) {
  return {
    eventVersion: r.pick(['1.08', '1.09', '1.10']),
    eventTime: time,
    awsRegion: region,
    requestID: r.uuid(),
    eventID: r.uuid(),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `${region}.amazonaws.com`,
    },
  };
}

function ordinaryRecord(r: Random, time: string, region: string, account: string) {
  const [eventSource, eventName, readOnly, service] = r.weighted();
  const user = `${r.pick(['alice', 'bob', 'deploy-bot', 'svc-etl', 'carol'])}`;
  const identity = service
    ? { type: 'AWSService', invokedBy: service }
    : r.next() < 0.5
      ? {
          type: 'IAMUser',
          principalId: `AIDA${r.upper(17)}`,
          arn: `arn:aws:iam::${account}:user/${user}`,
          accountId: account,
          accessKeyId: `AKIA${r.upper(16)}`,
          userName: user,
        }
      : {
          type: 'AssumedRole',
          principalId: `AROA${r.upper(17)}:${user}`,
          arn: `arn:aws:sts::${account}:assumed-role/app-role/${user}`,
          accountId: account,
          accessKeyId: `ASIA${r.upper(16)}`,
          sessionContext: {
            sessionIssuer: {
              type: 'Role',
              principalId: `AROA${r.upper(17)}`,
              arn: `arn:aws:iam::${account}:role/app-role`,
              accountId: account,
              userName: 'app-role',
            },
            attributes: { creationDate: time, mfaAuthenticated: 'false' },
          },
        };
  const requestParameters =
    eventName === 'CreateAccessKey'
      ? { userName: r.pick(['alice', 'bob', 'deploy-bot']) }
      : eventName === 'PutRule'
        ? { name: `app-${r.int(50)}-schedule`, state: 'ENABLED' }
        : eventName.startsWith('UpdateFunctionConfiguration')
          ? { functionName: `app-fn-${r.int(40)}`, timeout: 30 }
          : eventName === 'DescribeInstances'
            ? { instancesSet: {}, filterSet: {} }
            : eventName === 'AssumeRole'
              ? { roleArn: `arn:aws:iam::${account}:role/app-role`, roleSessionName: r.uuid() }
              : null;
  const denied = r.next() < 0.03;
  return {
    ...baseRecord(r, time, region, account),
    userIdentity: identity,
    eventSource,
    eventName,
    sourceIPAddress: service || (r.next() < 0.05 ? 'AWS Internal' : r.ip()),
    userAgent: service || r.pick(AGENTS),
    ...(denied
      ? { errorCode: 'AccessDenied', errorMessage: 'User is not authorized to perform this operation' }
      : {}),
    requestParameters,
    responseElements: null,
    readOnly,
  };
}

function decoyRecord(r: Random, time: string, region: string) {
  const decoy = r.pick(DECOYS);
  const [eventSource, eventName] = r.pick(DECOY_CALLS);
  const ok = eventName === 'GetCallerIdentity';
  return {
    ...baseRecord(r, time, region, decoy.accountId),
    userIdentity: {
      type: 'IAMUser',
      principalId: `AIDA${r.upper(17)}`,
      arn: `arn:aws:iam::${decoy.accountId}:user/${decoy.userName}`,
      accountId: decoy.accountId,
      accessKeyId: decoy.key,
      userName: decoy.userName,
    },
    eventSource,
    eventName,
    sourceIPAddress: r.ip(),
    userAgent: r.pick(ATTACKER_AGENTS),
    ...(ok
      ? {}
      : { errorCode: 'AccessDenied', errorMessage: `User is not authorized to perform: ${eventName}` }),
    requestParameters: null,
    responseElements: null,
    readOnly: true,
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Writes the archive. Record k is a decoy record when k % decoyEvery === decoyEvery / 2. */
export function generateArchive(spec: ArchiveSpec): Archive {
  const r = makeRandom(spec.seed ?? 20261130);
  const files: string[] = [];
  const start = Date.UTC(2026, 10, 1);
  const stepMs = Math.floor((14 * 86_400_000) / spec.records);
  let k = 0;
  let decoyRecords = 0;
  const days = new Map<string, string>();
  for (let f = 0; f < spec.files; f++) {
    const count =
      Math.floor(((f + 1) * spec.records) / spec.files) - Math.floor((f * spec.records) / spec.files);
    const account = ACCOUNTS[f % ACCOUNTS.length] as string;
    const region = REGIONS[Math.floor(f / ACCOUNTS.length) % REGIONS.length] as string;
    const records: unknown[] = [];
    let first = '';
    for (let i = 0; i < count; i++, k++) {
      const time = new Date(start + k * stepMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
      first ||= time;
      const decoy = k % spec.decoyEvery === Math.floor(spec.decoyEvery / 2);
      if (decoy) decoyRecords += 1;
      records.push(decoy ? decoyRecord(r, time, region) : ordinaryRecord(r, time, region, account));
    }
    const d = new Date(first);
    const day = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
    const folder = join(spec.dir, 'AWSLogs', account, 'CloudTrail', region, day);
    mkdirSync(folder, { recursive: true });
    const stamp = first.replace(/[-:]/g, '').slice(0, 13);
    const file = join(folder, `${account}_CloudTrail_${region}_${stamp}Z_${r.upper(16)}.json.gz`);
    writeFileSync(file, gzipSync(JSON.stringify({ Records: records })));
    files.push(file);
    days.set(`${account}/${region}/${day}`, first);
  }
  let digestFiles = 0;
  if (spec.digests) {
    for (const [key, first] of days) {
      const [account, region, ...day] = key.split('/');
      const folder = join(
        spec.dir,
        'AWSLogs',
        account as string,
        'CloudTrail-Digest',
        region as string,
        ...day,
      );
      mkdirSync(folder, { recursive: true });
      const digest = { awsAccountId: account, digestStartTime: first, digestEndTime: first, logFiles: [] };
      writeFileSync(
        join(folder, `${account}_CloudTrail-Digest_${region}_x.json.gz`),
        gzipSync(JSON.stringify(digest)),
      );
      digestFiles += 1;
    }
  }
  return { files, records: k, decoyRecords, digestFiles };
}
