import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from '@jest/globals';

const DECOYS = 'test/events/decoys.yml';

function honeytrail(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/honeytrail', ...args], {
    cwd: process.cwd(),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

interface Line {
  source: string;
  valid: boolean;
  error?: string;
  eventId?: string;
  eventName?: string;
  eventSource?: string;
  detections?: { kind: string; severity: string; category: string; decoy?: string; title: string }[];
  actor?: {
    sourceIp: string;
    userAgent: string;
    tool?: string;
    verdict: string;
    ipKind: string;
    reasons: string[];
  };
}

describe('honeytrail analyze --json over the recorded fixtures', () => {
  let lines: Line[] = [];
  let code: number | null = null;
  let stderr = '';
  const bySource = (source: string): Line => {
    const line = lines.find((l) => l.source === source);
    if (!line) throw new Error(`no output line for ${source}`);
    return line;
  };

  beforeAll(() => {
    const run = honeytrail('analyze', '--json', '--all', '--decoys', DECOYS, 'test/events');
    code = run.code;
    stderr = run.stderr;
    lines = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((text) => JSON.parse(text) as Line)
      .filter((line) => 'source' in line);
  }, 60_000);

  it('exits 0 with nothing on stderr, even though some events are invalid', () => {
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(lines.some((l) => !l.valid)).toBe(true);
  });

  it('emits sources in sorted order and skips files that are not .json or .json.gz', () => {
    const files = lines.map((l) => l.source.replace(/#\d+$/, ''));
    expect(files).toEqual([...files].sort());
    expect(files.some((f) => f.endsWith('.yml') || f.endsWith('.md'))).toBe(false);
  });

  it.each([
    ['sts-getcalleridentity-awscli-kali.json', 'prod-db-backup-user'],
    ['sts-getcalleridentity-trufflehog.json', 'ci-cd-deploy-admin'],
    ['sts-getcalleridentity-boto3.json', 'prod-db-backup-user'],
    ['s3-listbuckets-denied.json', 'ci-cd-deploy-admin'],
    ['ec2-describeinstances-denied.json', 'prod-db-backup-user'],
    ['session-key-from-decoy.json', 'svc-reporting-etl'],
    ['console-signin-ipv6.json', 'ci-cd-deploy-admin'],
    ['path-arn-decoy.json', 'prod-db-backup-user'],
    ['hostile-useragent.json', 'ci-cd-deploy-admin'],
  ])('raises a use detection for %s naming decoy %s', (file, decoy) => {
    const line = bySource(`test/events/use/${file}`);
    expect(line.valid).toBe(true);
    expect(line.detections).toHaveLength(1);
    expect(line.detections?.[0]).toMatchObject({ kind: 'use', decoy });
    expect(['high', 'critical']).toContain(line.detections?.[0]?.severity);
  });

  it('covers every fixture under use/ in the table above', () => {
    const use = lines.filter((l) => l.source.startsWith('test/events/use/'));
    expect(use).toHaveLength(9);
  });

  it('flags a session key minted from a decoy as session use', () => {
    expect(bySource('test/events/use/session-key-from-decoy.json').detections?.[0]?.category).toBe(
      'session-use',
    );
  });

  it('reports the TruffleHog userAgent as the tool', () => {
    const actor = bySource('test/events/use/sts-getcalleridentity-trufflehog.json').actor;
    expect(actor).toMatchObject({ userAgent: 'TruffleHog', tool: 'TruffleHog', verdict: 'automated' });
  });

  it('keeps an IPv6 console sign-in source as public-v6', () => {
    const actor = bySource('test/events/use/console-signin-ipv6.json').actor;
    expect(actor).toMatchObject({ sourceIp: '2a01:4f8:c17:1c00::17', ipKind: 'public-v6' });
  });

  it('neutralises a hostile userAgent: capped, no control or bidi characters', () => {
    const ua = bySource('test/events/use/hostile-useragent.json').actor?.userAgent ?? '';
    expect(ua.length).toBeLessThanOrEqual(512);
    expect(ua).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  });

  it.each(['non-decoy-getcalleridentity.json', 'service-call.json'])('stays silent for none/%s', (file) => {
    const line = bySource(`test/events/none/${file}`);
    expect(line.valid).toBe(true);
    expect(line.detections).toEqual([]);
  });

  it('shows a service-name source and a missing userAgent without inventing values', () => {
    const actor = bySource('test/events/none/service-call.json').actor;
    expect(actor).toMatchObject({
      sourceIp: 'sqs.amazonaws.com',
      ipKind: 'aws-service',
      userAgent: '(none)',
    });
  });

  it('analyses a record without eventID, with a warning and a stable derived ID', () => {
    const line = bySource('test/events/malformed/missing-eventid.json') as Line & { warnings?: string[] };
    expect(line.valid).toBe(true);
    expect(line.eventId).toMatch(/^derived-[0-9a-f]{32}$/);
    expect(line.warnings).toEqual([expect.stringMatching(/eventID missing/)]);
    expect(line.detections?.[0]).toMatchObject({ kind: 'use', decoy: 'prod-db-backup-user' });
  });

  it.each([
    ['wrong-detail-type.json', /detail-type/],
    ['eventtime-not-a-date.json', /detail\.eventTime/],
    ['detail-not-object.json', /detail: .*JSON object/],
    ['not-json.json', /not valid JSON/],
  ])('reports malformed/%s as invalid, naming the field', (file, pattern) => {
    const line = bySource(`test/events/malformed/${file}`);
    expect(line).toEqual({
      source: `test/events/malformed/${file}`,
      valid: false,
      error: expect.any(String),
    });
    expect(line.error).toMatch(pattern);
  });

  it('reads the documentation records, including a service-name source and no userAgent', () => {
    const docs = lines.filter((l) => l.source.startsWith('test/events/docs/'));
    expect(docs.length).toBeGreaterThanOrEqual(8);
    for (const line of docs) {
      expect(line.valid).toBe(true);
      expect(line.detections).toEqual([]);
    }
    const service = bySource('test/events/docs/sts-assumerole-by-service.adapted.json#0').actor;
    expect(service).toMatchObject({ sourceIp: 'ec2.amazonaws.com', userAgent: '(none)' });
  });

  it('reads a gzipped log file record by record with #index sources', () => {
    const gz = lines.filter((l) => /\.json\.gz#\d+$/.test(l.source));
    expect(gz.map((l) => l.source.split('#')[1])).toEqual(['0', '1', '2', '3']);
    expect(gz.map((l) => l.eventName)).toEqual([
      'StartLogging',
      'RotateKey',
      'DeleteDeliveryChannel',
      'AssumeRole',
    ]);
  });
});

describe('honeytrail analyze errors and table output', () => {
  it('names a missing path in one line, reads the rest and exits 1', () => {
    const run = honeytrail('analyze', '--decoys', DECOYS, 'test/events/nope.json', 'test/events/use');
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/nope\.json.*no such file/)]);
    expect(run.stdout).toMatch(/Inputs: 9 files read, 0 skipped, 1 failed\./);
  }, 60_000);

  it('exits 2 for an unknown option', () => {
    const run = honeytrail('analyze', '--frobnicate', 'test/events');
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/unknown option '--frobnicate'/)]);
  }, 60_000);

  it('exits 2 when PATH is missing', () => {
    const run = honeytrail('analyze', '--decoys', DECOYS);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/missing required argument 'PATH'/);
  }, 60_000);

  it('exits 2 for a decoys file that does not exist, without a stack trace', () => {
    const run = honeytrail('analyze', '--decoys', 'test/events/missing-decoys.yml', 'test/events/use');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'honeytrail: no decoy registry at test/events/missing-decoys.yml: pass --decoys FILE, or start one with: cp decoys.example.yml decoys.yml\n',
    );
  }, 60_000);

  it('prints help for --help and exits 0', () => {
    const run = honeytrail('analyze', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--decoys <FILE>/);
    expect(run.stdout).toMatch(/--json/);
  }, 60_000);

  it('prints only detections as table rows, then the incidents and the counts', () => {
    const run = honeytrail(
      'analyze',
      '--decoys',
      DECOYS,
      'test/events/use',
      'test/events/none/service-call.json',
    );
    expect(run.code).toBe(0);
    const out = run.stdout.trimEnd().split('\n');
    expect(out[0]).toMatch(
      /^TIME\s+REGION\s+ACCOUNT\s+DECOY\s+DETECTION\s+CALL\s+RESULT\s+SOURCE\s+TOOL \/ VERDICT\s+INPUT$/,
    );
    const rows = out.slice(1, out.indexOf(''));
    expect(rows).toHaveLength(9);
    expect(rows.some((row) => row.includes('service-call.json'))).toBe(false);
    const trufflehog = rows.find((l) => l.includes('trufflehog')) ?? '';
    expect(trufflehog).toMatch(
      /^2026-11-20 08:02:51Z\s+us-east-1\s+123456789012\s+ci-cd-deploy-admin\s+use\/high\s+sts:GetCallerIdentity\s+OK\s+167\.99\.32\.11 AS14061 US\s+TruffleHog \/ automated/,
    );
    expect(run.stdout).toMatch(/^Incidents \(\d+\), by first seen:$/m);
    expect(out.at(-1)).toBe(
      'Records: 10 read: 10 analysed (0 with warnings), 0 invalid; 9 detections in 9 events.',
    );
  }, 60_000);
});

describe('honeytrail analyze --json on tamper and verdict fixtures', () => {
  const analyze = (...files: string[]) => {
    const { code, stdout } = honeytrail('analyze', '--json', '--decoys', DECOYS, ...files);
    expect(code).toBe(0);
    return stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Line)
      .filter((line) => 'source' in line);
  };

  it('reports AdministratorAccess attached to a decoy as a critical privilege-grant tamper', () => {
    const [line] = analyze('test/events/tamper/attachuserpolicy-admin.json');
    expect(line?.detections).toEqual([
      expect.objectContaining({
        kind: 'tamper',
        category: 'privilege-grant',
        severity: 'critical',
        decoy: 'ci-cd-deploy-admin',
      }),
    ]);
  });

  it('reports the AWS quarantine policy as aws-detected-exposure', () => {
    const [line] = analyze('test/events/tamper/quarantine-v2.json');
    expect(line?.detections?.map((d) => [d.kind, d.category, d.severity])).toEqual([
      ['tamper', 'aws-detected-exposure', 'critical'],
    ]);
  });

  it('explains who is behind TruffleHog, aws-cli on Kali and a console sign-in', () => {
    const [truffle, kali, console] = analyze(
      'test/events/use/sts-getcalleridentity-trufflehog.json',
      'test/events/use/sts-getcalleridentity-awscli-kali.json',
      'test/events/use/console-signin-ipv6.json',
    );
    expect(truffle?.actor).toMatchObject({ tool: 'TruffleHog', verdict: 'automated' });
    expect(kali?.actor?.reasons).toContain('aws-cli v2 on Kali Linux');
    expect(kali?.detections?.[0]?.severity).toBe('critical');
    expect(console?.actor?.verdict).toBe('human');
    expect(console?.detections?.[0]?.category).toBe('console-sign-in');
  });
});
