import { describe, expect, it } from '@jest/globals';
import { behaviourOf, span, timeline } from '../../../src/lib/enrich/behaviour.ts';
import { makeEnricher } from '../../../src/lib/enrich/index.ts';
import { parseTorExitList } from '../../../src/lib/enrich/tor.ts';
import type { EnrichInput, HistoryEntry } from '../../../src/lib/enrich/types.ts';
import { fakeIpData } from './fake-ipdata.ts';

const data = fakeIpData();
const enrich = makeEnricher({ ipData: () => ({ ok: true, data }), tor: parseTorExitList('185.220.101.1\n') });

const base: EnrichInput = {
  sourceIPAddress: '81.2.69.142',
  userAgent:
    'aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64 prompt/off command/sts.get-caller-identity',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  eventSource: 'sts.amazonaws.com',
  eventName: 'GetCallerIdentity',
  eventTime: '2025-06-01T10:00:20Z',
};

const at = (sec: number, svc: string, name: string, ip = '159.203.10.20'): HistoryEntry => ({
  eventTime: new Date(Date.parse('2025-06-01T10:00:00Z') + sec * 1000).toISOString(),
  eventSource: `${svc}.amazonaws.com`,
  eventName: name,
  sourceIp: ip,
});

describe('verdict rules', () => {
  it('calls TruffleHog automated and names the tool', () => {
    const a = enrich({ ...base, sourceIPAddress: '52.59.194.168', userAgent: 'TruffleHog' });
    expect(a).toMatchObject({ verdict: 'automated', tool: 'TruffleHog', provider: 'AWS', network: 'cloud' });
    expect(a.confidence).toBeGreaterThan(0.9);
    expect(a.reasons).toContain('TruffleHog userAgent (secret-scanner)');
  });

  it('calls a console session human', () => {
    const a = enrich({ ...base, userAgent: 'signin.amazonaws.com', accessKeyId: '' });
    expect(a.verdict).toBe('human');
    expect(a.escalate).toBe(false);
  });

  it('calls a console userAgent on an access-key call a likely spoof, and escalates', () => {
    const a = enrich({ ...base, userAgent: 'console.amazonaws.com' });
    expect(a.verdict).toBe('automated');
    expect(a.escalate).toBe(true);
    expect(a.reasons).toContain('console userAgent on a long-term access key: likely spoofed');
  });

  it('escalates a pentest distro and says which client ran on it', () => {
    const a = enrich({
      ...base,
      userAgent:
        'aws-cli/2.24.10 ua/2.0 os/linux#6.12.13-cloud-amd64 md/distrib#kali.2025 md/command#sts.get-caller-identity',
    });
    expect(a.escalate).toBe(true);
    expect(a.pentestDistro).toBe('Kali Linux');
    expect(a.reasons).toContain('aws-cli v2 on Kali Linux');
  });

  it('flags 2018-era botocore on a modern Linux kernel as spoofed', () => {
    const a = enrich({
      ...base,
      userAgent: 'Boto3/1.7.61 Python/3.5.0 Linux/6.5.0-13-amd64 Botocore/1.10.62',
    });
    expect(a.reasons).toContain('2018-era botocore 1.10.62 on a 6.x kernel: likely spoofed');
    expect(a.escalate).toBe(true);
  });

  it('escalates a known offensive tool but not an IaC tool', () => {
    expect(
      enrich({ ...base, userAgent: 'stratus-red-team_527a0ec4-4ea6-42df-b410-e840b8dbb6c9' }).escalate,
    ).toBe(true);
    expect(enrich({ ...base, userAgent: 'APN/1.0 HashiCorp/1.0 Terraform/1.9.5' }).escalate).toBe(false);
  });

  it('escalates a Tor exit source', () => {
    const a = enrich({ ...base, sourceIPAddress: '185.220.101.1' });
    expect(a.network).toBe('tor');
    expect(a.escalate).toBe(true);
    expect(a.reasons).toContain('source is a Tor exit node');
  });

  it('sees an enumeration sweep in the history and says how wide and fast it was', () => {
    const svcs = [
      'iam',
      'ec2',
      's3',
      'lambda',
      'sns',
      'sqs',
      'kms',
      'ssm',
      'rds',
      'ecs',
      'eks',
      'glue',
      'logs',
      'config',
    ];
    const history = svcs.map((s, i) => at(i * 1.5, s, `List${i}`));
    const a = enrich({ ...base, userAgent: 'Boto3/1.34.0 Python/3.11.2 Botocore/1.34.0', history });
    expect(a.verdict).toBe('automated');
    expect(a.reasons).toContain('15 distinct services in 20 s: enumeration sweep');
  });

  it('reads calls a minute apart as a manual pace', () => {
    const names = ['ListUsers', 'ListBuckets', 'DescribeInstances', 'ListSecrets'];
    const history = names.map((n, i) => at(i * 70 - 300, 'iam', n, '81.2.69.142'));
    const a = enrich({ ...base, history });
    expect(a.verdict).toBe('human');
    expect(a.reasons.some((r) => /manual pace/.test(r))).toBe(true);
  });

  it('with no history relies on static signals and says so plainly when there are none', () => {
    const a = enrich({ ...base, sourceIPAddress: undefined, userAgent: undefined });
    expect(a.verdict).toBe('unknown');
    expect(a.ipKind).toBe('missing');
    expect(a.reasons).toEqual(['not enough signals for a verdict']);
  });

  it('keeps confidence between 0 and 1 and reasons short', () => {
    const a = enrich({ ...base, userAgent: 'TruffleHog', history: [at(0, 'sts', 'GetCallerIdentity')] });
    expect(a.confidence).toBeGreaterThanOrEqual(0);
    expect(a.confidence).toBeLessThanOrEqual(1);
    for (const r of a.reasons) expect(r.length).toBeLessThanOrEqual(160);
  });
});

describe('behaviour facts', () => {
  it('needs at least two calls', () => {
    expect(
      behaviourOf(timeline([], { time: 0, eventSource: 's', eventName: 'n', sourceIp: '' })),
    ).toBeUndefined();
  });

  it('counts distinct IPs and recognises a key re-checked on several days', () => {
    const history = [0, 1, 2].map((d) => at(d * 86_400, 'sts', 'GetCallerIdentity', `3.0.0.${d}`));
    const facts = behaviourOf(timeline(history, undefined));
    expect(facts?.distinctIps).toBe(3);
    expect(facts?.recheck).toEqual({ eventName: 'GetCallerIdentity', days: 3 });
  });

  it('ignores history entries with unparseable times', () => {
    const bad = { ...at(0, 'sts', 'GetCallerIdentity'), eventTime: 'yesterday' };
    expect(timeline([bad], undefined)).toEqual([]);
  });

  it('formats spans for reason sentences', () => {
    expect(span(20_000)).toBe('20 s');
    expect(span(4 * 60_000)).toBe('4 min');
    expect(span(3 * 3_600_000)).toBe('3 h');
    expect(span(3 * 86_400_000)).toBe('3 days');
  });
});
