import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { classifySource, parseIp, parseIpv4, parseIpv6 } from '../../../src/lib/enrich/ip.ts';
import { lazyIpData, loadIpData } from '../../../src/lib/enrich/ipdata.ts';
import { encodeIpData, viewIpData } from '../../../src/lib/enrich/ipdata-format.ts';
import { networkOf } from '../../../src/lib/enrich/providers.ts';
import { parseTorExitList } from '../../../src/lib/enrich/tor.ts';
import { fakeIpData } from './fake-ipdata.ts';

describe('source address parsing', () => {
  it('parses dotted quads strictly', () => {
    expect(parseIpv4('52.59.194.168')).toBe(((52 * 256 + 59) * 256 + 194) * 256 + 168);
    expect(parseIpv4('010.1.2.3')).toBeUndefined();
    expect(parseIpv4('1.2.3.256')).toBeUndefined();
    expect(parseIpv4('1.2.3')).toBeUndefined();
    expect(parseIpv4(' 1.2.3.4')).toBeUndefined();
  });

  it('expands IPv6 forms, including :: and an embedded IPv4 tail', () => {
    expect(parseIpv6('2001:db8::1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    expect(parseIpv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(parseIpv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIpv6('1::2::3')).toBeUndefined();
    expect(parseIpv6('fe80::1%eth0')).toBeUndefined();
    expect(parseIpv6('12345::1')).toBeUndefined();
  });

  it.each([
    ['52.59.194.168', 'public-v4'],
    ['2a01:4f8::1', 'public-v6'],
    ['10.0.0.1', 'private'],
    ['172.31.255.1', 'private'],
    ['100.64.1.1', 'private'],
    ['fd00::1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['192.0.2.0', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.42', 'reserved'],
    ['2001:db8::5', 'reserved'],
    ['sqs.amazonaws.com', 'aws-service'],
    ['AWS Internal', 'aws-internal'],
    ['', 'missing'],
    [undefined, 'missing'],
    ['010.1.2.3', 'invalid'],
    ['not an ip', 'invalid'],
    ['aaa.bbb.ccc.ddd', 'invalid'],
    ['::ffff:10.1.2.3', 'private'],
  ])('classifies %s as %s', (raw, kind) => {
    expect(classifySource(raw).kind).toBe(kind);
  });

  it('labels documentation ranges so the analyst sees why there is no ASN', () => {
    expect(classifySource('203.0.113.5').label).toBe('documentation (TEST-NET-3)');
  });
});

describe('compiled IP data', () => {
  it('round-trips through the binary format and finds ASN, org and country', () => {
    const data = fakeIpData();
    expect(data.lookup(parseIp('52.59.194.168') ?? { v: 4, n: 0 })).toEqual({
      asn: 16509,
      org: 'Amazon.com, Inc.',
      country: 'US',
    });
    expect(data.lookup(parseIp('2a01:4f8:1:2::3') ?? { v: 4, n: 0 })?.asn).toBe(24940);
  });

  it('returns nothing in gaps, before the first range and after the last', () => {
    const data = fakeIpData();
    for (const ip of ['0.0.0.1', '4.0.0.0', '52.80.0.0', '255.255.255.255', '2a02::1'])
      expect(data.lookup(parseIp(ip) ?? { v: 4, n: 0 })).toBeUndefined();
  });

  it('decodes what it encodes, field for field', () => {
    const content = {
      meta: {
        builtAt: 'x',
        sources: [{ name: 'n', version: '1', licence: 'CC0-1.0' }],
        v6Truncated: 1,
        namesOmitted: 2,
      },
      asns: [7, 300, 70000],
      orgs: ['A', '', 'C, Inc.'],
      asnCountry: [1, 0, 2],
      countries: ['DE', 'US'],
      v4: { starts: [0, 16777216, 4294967295], values: [0, 2, 0] },
      v6: { starts: [0n, 0x2a01_04f8_0000_0000n, 0xffff_ffff_ffff_ffffn], values: [0, 3, 0] },
    };
    const back = viewIpData(encodeIpData(content));
    expect([...back.asns]).toEqual(content.asns);
    expect(content.asns.map((_, i) => back.org(i))).toEqual(content.orgs);
    expect([...back.asnCountry]).toEqual(content.asnCountry);
    expect([...back.v4.values]).toEqual(content.v4.values);
    expect([...back.v6.values]).toEqual(content.v6.values);
    expect([...back.v4.starts]).toEqual(content.v4.starts);
    expect([...back.v6.starts]).toEqual(content.v6.starts);
    expect(back.countries).toEqual(content.countries);
    expect(back.meta).toEqual(content.meta);
  });

  it('maps a file that does not start on an 8-byte boundary (a slice of a larger buffer)', () => {
    const raw = encodeIpData({
      meta: { builtAt: 'x', sources: [], v6Truncated: 0, namesOmitted: 0 },
      asns: [64500],
      orgs: ['Test Net'],
      asnCountry: [1],
      countries: ['NL'],
      v4: { starts: [0, 0x01020300, 0x01020400], values: [0, 1, 0] },
      v6: { starts: [0n, 1n], values: [0, 1] },
    });
    const shifted = new Uint8Array(raw.length + 3);
    shifted.set(raw, 3);
    const view = viewIpData(shifted.subarray(3));
    expect(view.v4.starts[1]).toBe(0x01020300);
    expect(view.v6.starts[1]).toBe(1n);
    expect(view.org(0)).toBe('Test Net');
  });

  it('refuses a truncated file or another version', () => {
    const raw = encodeIpData({
      meta: { builtAt: 'x', sources: [], v6Truncated: 0, namesOmitted: 0 },
      asns: [1],
      orgs: ['A'],
      asnCountry: [0],
      countries: [],
      v4: { starts: [0], values: [0] },
      v6: { starts: [0n], values: [0] },
    });
    expect(() => viewIpData(raw.subarray(0, raw.length - 8))).toThrow(/truncated/);
    const other = raw.slice();
    other[4] = 9;
    expect(() => viewIpData(other)).toThrow(/version 9 is not supported/);
  });

  it('loads a file from disk once, lazily', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipdata-'));
    const file = join(dir, 'ipdata.bin');
    const raw = encodeIpData({
      meta: { builtAt: 'x', sources: [], v6Truncated: 0, namesOmitted: 0 },
      asns: [64500],
      orgs: ['Test Net'],
      asnCountry: [1],
      countries: ['NL'],
      v4: { starts: [0, 0x01020300, 0x01020400], values: [0, 1, 0] },
      v6: { starts: [0n], values: [0] },
    });
    writeFileSync(file, raw);
    expect(loadIpData(file).lookup({ v: 4, n: 0x01020304 })).toEqual({
      asn: 64500,
      org: 'Test Net',
      country: 'NL',
    });
    let calls = 0;
    const get = lazyIpData(() => {
      calls++;
      return [join(dir, 'absent'), file];
    });
    expect(get().ok).toBe(true);
    expect(get().ok).toBe(true);
    expect(calls).toBe(1);
  });

  it('says the data is not built when no file exists, and says so once', () => {
    const state = lazyIpData(() => ['/nonexistent/ipdata.bin'])();
    expect(state).toEqual({ ok: false, reason: expect.stringMatching(/IP data not built/) });
  });

  it('reports a corrupt file instead of throwing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipdata-'));
    const file = join(dir, 'ipdata.bin');
    writeFileSync(file, 'garbage');
    const state = lazyIpData(() => [file])();
    expect(state.ok).toBe(false);
    if (!state.ok) expect(state.reason).toMatch(/IP data unreadable/);
  });
});

describe('network type and Tor', () => {
  it('maps provider ASNs to cloud or hosting, other ASNs to ISP', () => {
    expect(networkOf(16509, 'Amazon.com, Inc.')).toEqual({ network: 'cloud', provider: 'AWS' });
    expect(networkOf(14061, 'DigitalOcean, LLC')).toEqual({ network: 'hosting', provider: 'DigitalOcean' });
    expect(networkOf(24940, undefined)).toEqual({ network: 'hosting', provider: 'Hetzner' });
    expect(networkOf(20712, 'Andrews & Arnold Ltd')).toEqual({ network: 'isp' });
    expect(networkOf(64512, 'Example Hosting Servers')).toEqual({ network: 'hosting' });
    expect(networkOf(undefined, undefined)).toEqual({ network: 'unknown' });
  });

  it('reads both a plain Tor list and the exit-addresses format', () => {
    const tor = parseTorExitList(
      '# comment\n185.220.101.1\nExitNode ABC\nExitAddress 204.8.96.1 2025-01-01 00:00:00\n2001:db8::7\nnot-an-ip\n',
    );
    expect(tor.size).toBe(3);
    expect(tor.has('185.220.101.1')).toBe(true);
    expect(tor.has('204.8.96.1')).toBe(true);
    expect(tor.has('2001:0db8:0:0:0:0:0:7')).toBe(true);
    expect(tor.has('185.220.101.2')).toBe(false);
  });
});
