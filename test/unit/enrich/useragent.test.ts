import { describe, expect, it } from '@jest/globals';
import * as fc from 'fast-check';
import { parseUserAgent } from '../../../src/lib/enrich/useragent.ts';

describe('userAgent parser', () => {
  it('reads the legacy name/version list of aws-cli v1', () => {
    const f = parseUserAgent('aws-cli/1.22.34 Python/3.10.12 botocore/1.23.34');
    expect(f).toMatchObject({
      kind: 'sdk',
      family: 'aws-cli v1',
      familyVersion: '1.22.34',
      lang: 'Python',
      langVersion: '3.10.12',
      botocoreVersion: '1.23.34',
    });
  });

  it('finds Parrot in a boto3 kernel release and keeps the botocore version', () => {
    const f = parseUserAgent('Boto3/1.26.45 Python/3.9.2 Linux/6.0.0-2parrot1-amd64 Botocore/1.29.45');
    expect(f).toMatchObject({
      family: 'boto3',
      os: 'Linux',
      osRelease: '6.0.0-2parrot1-amd64',
      pentestDistro: 'Parrot OS',
      botocoreVersion: '1.29.45',
    });
  });

  it('reads ua/2.0 tokens with # values: OS release, distribution, installer and command', () => {
    const f = parseUserAgent(
      'aws-cli/2.24.10 ua/2.0 os/linux#6.12.13-cloud-amd64 lang/python#3.13.2 md/distrib#kali.2025 md/installer#exe md/command#sts.get-caller-identity',
    );
    expect(f).toMatchObject({
      family: 'aws-cli v2',
      os: 'Linux',
      osRelease: '6.12.13-cloud-amd64',
      lang: 'Python',
      langVersion: '3.13.2',
      distro: 'Kali Linux',
      pentestDistro: 'Kali Linux',
      installer: 'exe',
      command: 'sts.get-caller-identity',
    });
  });

  it('recognises Pentoo and BlackArch', () => {
    expect(
      parseUserAgent('aws-cli/2.9.0 Python/3.9.11 Linux/6.1.12-pentoo exe/x86_64.gentoo').pentestDistro,
    ).toBe('Pentoo');
    expect(
      parseUserAgent('aws-cli/2.20.0 ua/2.0 os/linux#6.9.1-arch1-1 md/distrib#blackarch').pentestDistro,
    ).toBe('BlackArch');
  });

  it('names the execution environment: Lambda, CloudShell and an EC2 kernel', () => {
    expect(
      parseUserAgent(
        'aws-sdk-js/3.632.0 ua/2.0 os/linux#5.10 lang/js md/nodejs#20.18.0 exec-env/AWS_Lambda_nodejs20.x',
      ).execEnv,
    ).toBe('AWS Lambda (nodejs20.x)');
    expect(
      parseUserAgent(
        'aws-cli/2.13.5 Python/3.11.4 Linux/4.14.255-314-253.539.amzn2.x86_64 exec-env/CloudShell',
      ).execEnv,
    ).toBe('AWS CloudShell');
    expect(
      parseUserAgent('aws-cli/1.18.69 Python/3.5.2 Linux/4.4.0-1128-aws botocore/1.16.19').execEnv,
    ).toMatch(/^EC2/);
  });

  it.each([
    ['aws-sdk-go/1.44.307 (go1.20.5; darwin; arm64)', 'AWS SDK for Go v1', 'Go'],
    ['aws-sdk-go-v2/1.14.0 os/macos lang/go/1.17.6 md/GOOS/darwin', 'AWS SDK for Go v2', 'Go'],
    ['aws-sdk-java/2.17.100 Linux/5.4.0-103-generic Java/11.0.11', 'AWS SDK for Java v2', 'Java'],
    [
      'aws-sdk-java/1.11.465 Linux/4.9.124 OpenJDK_64-Bit_Server_VM/25.192-b12 java/1.8.0_192',
      'AWS SDK for Java v1',
      'Java',
    ],
    ['aws-sdk-nodejs/2.819.0 linux/v12.18.2 callback', 'AWS SDK for JS v2', 'Node.js'],
    ['aws-sdk-js/3.515.0 ua/2.0 lang/js md/nodejs#18.17.1', 'AWS SDK for JS v3', 'Node.js'],
    ['aws-sdk-ruby3/3.190.0 ua/2.0 os/linux lang/ruby#2.7.8', 'AWS SDK for Ruby', 'Ruby'],
    ['aws-sdk-php/3.297.1 OS/Linux#5.10.25-linuxkit lang/php#8.2.15', 'AWS SDK for PHP', 'PHP'],
    ['aws-sdk-rust/1.3.9 os/macos lang/rust/1.87.0', 'AWS SDK for Rust', 'rust'],
    [
      'aws-sdk-dotnet-coreclr/3.7.101.44 aws-sdk-dotnet-core/3.7.103.6 .NET_Core/6.0.11',
      'AWS SDK for .NET',
      '.NET',
    ],
    [
      'AWSPowerShell.Common/4.1.90.0 .NET_Core/6.0.5 PowerShellCore/7.-1 ClientAsync',
      'AWS Tools for PowerShell',
      '.NET',
    ],
  ])('knows the family and language of %s', (ua, family, lang) => {
    const f = parseUserAgent(ua);
    expect(f.family).toBe(family);
    expect(f.lang).toBe(lang);
  });

  it('recognises browsers, the console, AWS services and AWS Internal', () => {
    expect(
      parseUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0'),
    ).toMatchObject({
      kind: 'browser',
      browser: 'Firefox',
    });
    expect(parseUserAgent('console.amazonaws.com').kind).toBe('console');
    expect(parseUserAgent('signin.amazonaws.com').kind).toBe('console');
    expect(parseUserAgent('cloudformation.amazonaws.com').kind).toBe('aws-service');
    expect(parseUserAgent('AWS Internal').kind).toBe('aws-internal');
    expect(parseUserAgent('aws-internal/3 aws-sdk-java/1.11.590').kind).toBe('aws-internal');
  });

  it('unwraps the brackets S3 data events put around the userAgent', () => {
    const f = parseUserAgent('[aws-cli/2.18.5 Python/3.12.6 Linux/6.1.0]');
    expect(f.wrapped).toBe(true);
    expect(f.family).toBe('aws-cli v2');
  });

  it('flags a 100 kB userAgent without reading all of it', () => {
    const started = performance.now();
    const f = parseUserAgent(`aws-cli/2.15.0 ${'A'.repeat(100_000)}`);
    expect(f.anomalies[0]).toMatch(/100015 characters long/);
    expect(f.text.length).toBeLessThanOrEqual(4096);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('flags control characters and non-ASCII text', () => {
    expect(parseUserAgent('aws-cli/2.15.0\nPython/3.11').anomalies).toContain(
      'userAgent has control characters',
    );
    expect(parseUserAgent('aws-cli/2.15.0 \u202eevil').anomalies).toContain(
      'userAgent has control characters',
    );
    expect(parseUserAgent('aws-cli/2.15.0 ÄÖÜ').anomalies).toContain('userAgent has non-ASCII characters');
  });

  it('never throws, whatever the string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600, unit: 'binary' }), (s) => {
        const f = parseUserAgent(s);
        expect(typeof f.kind).toBe('string');
      }),
      { numRuns: 400 },
    );
  });

  it('treats an absent userAgent as missing', () => {
    expect(parseUserAgent(undefined).kind).toBe('missing');
    expect(parseUserAgent('[]').kind).toBe('missing');
  });
});
