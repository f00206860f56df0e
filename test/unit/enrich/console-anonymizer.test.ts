import { describe, expect, it } from '@jest/globals';
import { analyzeRecord, enrichRecord, useRule } from '../../../src/lib/detect/rules.ts';
import { ANONYMIZERS } from '../../../src/lib/enrich/anonymizers.ts';
import { makeEnricher } from '../../../src/lib/enrich/index.ts';
import type { EnrichInput } from '../../../src/lib/enrich/types.ts';
import { envelope, registry } from '../tamper/fixtures.ts';
import { fakeIpData } from './fake-ipdata.ts';

const data = fakeIpData();
const enrich = makeEnricher({ ipData: () => ({ ok: true, data }) });
const CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const call: EnrichInput = {
  sourceIPAddress: '81.2.69.142',
  userAgent: CHROME,
  accessKeyId: 'ASIAQX3EXAMPLEKEY123',
  identityType: 'AssumedRole',
  sessionCredentialFromConsole: 'true',
  eventSource: 'lambda.amazonaws.com',
  eventName: 'ListFunctions20150331',
  eventTime: '2025-06-01T10:00:00Z',
};

describe('console sessions', () => {
  it.each([
    ['a browser', CHROME],
    ['the console', 'console.amazonaws.com'],
    ['a service console', 'console.ec2.amazonaws.com'],
    [
      'a console back end',
      'EC2ConsoleBackend, aws-sdk-java/Linux/x.xx.fleetxen Java_HotSpot(TM)_64-Bit_Server_VM/xx',
    ],
    [
      'the S3 console',
      '[S3Console/0.4, aws-internal/3 aws-sdk-java/1.11.666 Linux/4.9.184 vendor/Oracle_Corporation]',
    ],
    ['a named service console', 'AWS Lambda Console'],
  ])('calls %s userAgent on a console session human, not spoofed', (_what, userAgent) => {
    const actor = enrich({ ...call, userAgent });
    expect(actor.verdict).toBe('human');
    expect(actor.escalate).toBe(false);
    expect(actor.reasons.join(' ')).not.toContain('spoofed');
  });

  it('trusts an assumed-role session key without the flag (console and SSO sessions)', () => {
    const { sessionCredentialFromConsole: _flag, ...noFlag } = call;
    expect(enrich(noFlag).verdict).toBe('human');
  });

  it('still calls a browser userAgent on a long-term key spoofed, and escalates', () => {
    const actor = enrich({ ...call, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', identityType: 'IAMUser' });
    expect(actor).toMatchObject({ verdict: 'automated', escalate: true });
    expect(actor.reasons).toContain('browser userAgent on a long-term access key: likely spoofed');
  });

  it('calls a console userAgent on a session an IAM user minted outside the console spoofed', () => {
    const { sessionCredentialFromConsole: _flag, ...cli } = call;
    const actor = enrich({ ...cli, identityType: 'IAMUser', userAgent: 'console.amazonaws.com' });
    expect(actor).toMatchObject({ verdict: 'automated', escalate: true });
    expect(actor.reasons).toContain(
      'console userAgent on a session key the console did not issue: likely spoofed',
    );
  });
});

describe('anonymizer networks', () => {
  it('ships a source and a compile date for every row', () => {
    expect(ANONYMIZERS.length).toBeGreaterThan(5);
    for (const row of ANONYMIZERS) {
      expect(row.source.length).toBeGreaterThan(20);
      expect(row.compiled).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(new Set(ANONYMIZERS.map((row) => row.asn)).size).toBe(ANONYMIZERS.length);
  });

  it('marks a source in an AS that mainly runs Tor exits as anonymizer and escalates, without a Tor list', () => {
    const actor = enrich({
      ...call,
      sourceIPAddress: '185.220.101.77',
      userAgent: 'aws-cli/2.15.0',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    });
    expect(actor.network).toBe('anonymizer');
    expect(actor.escalate).toBe(true);
    expect(actor.reasons.join(' ')).toMatch(
      /Stiftung Erneuerbare Freiheit \(Tor exits\) \(AS60729\): a network that mainly runs Tor or VPN exits/,
    );
  });

  it('does not escalate an ordinary hosting network', () => {
    const actor = enrich({
      ...call,
      sourceIPAddress: '159.203.1.1',
      userAgent: 'aws-cli/2.15.0',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    });
    expect(actor.network).toBe('hosting');
    expect(actor.escalate).toBe(false);
  });
});

describe('from a CloudTrail record', () => {
  const rec = () => structuredClone(envelope('use/sts-getcalleridentity-boto3.json').detail);

  it('makes a use alert critical when the source is an anonymizer network', () => {
    const record = { ...rec(), sourceIPAddress: '185.220.101.77' };
    const { detections } = analyzeRecord(record, { registry, enrich }, [useRule]);
    expect(detections[0]?.severity).toBe('critical');
    expect(detections[0]?.actor.network).toBe('anonymizer');
    const plain = analyzeRecord({ ...rec(), sourceIPAddress: '81.2.69.142' }, { registry, enrich }, [
      useRule,
    ]);
    expect(plain.detections[0]?.severity).toBe('high');
  });

  it('reads sessionCredentialFromConsole from the record for the verdict', () => {
    const record = {
      ...rec(),
      userAgent: CHROME,
      userIdentity: { ...rec().userIdentity, type: 'IAMUser', accessKeyId: 'ASIAQX3EXAMPLEKEY123' },
    };
    expect(enrichRecord(record, [], enrich).reasons.join(' ')).toContain('likely spoofed');
    const fromConsole = { ...record, sessionCredentialFromConsole: 'true' };
    expect(enrichRecord(fromConsole, [], enrich)).toMatchObject({ verdict: 'human', escalate: false });
  });
});
