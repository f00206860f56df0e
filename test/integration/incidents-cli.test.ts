import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command } from 'commander';
import { keepContract } from '../../src/cli/contract.ts';
import { addIncidents, defaultIncidentDeps } from '../../src/cli/incidents.ts';
import { loadConfig } from '../../src/lib/config.ts';
import type { IncidentSummary } from '../../src/lib/incidents/query.ts';
import { stageTableName } from '../../src/lib/store/table.ts';
import { lambdaContext } from '../../src/local/lambda-context.ts';
import { writeReports } from '../../src/local/reports.ts';
import { type LocalStack, startLocalStack } from '../../src/local/stack.ts';
import { honeytrail, tableItems } from '../support/cli-run.ts';
import {
  ATTACK_DECOY,
  attackEvents,
  HOSTILE_FORMULA,
  HOSTILE_HTML,
  laterEvent,
  QUIET_DECOY,
  quietEvents,
} from '../support/incident-scenario.ts';

type HandlerModule = typeof import('../../src/handlers/detect-use.ts');

const STAGE = 'clitest';
const TABLE = stageTableName(STAGE);
let stack: LocalStack;
let mod: HandlerModule;
let attackId: string;
let quietId: string;
const ME = `local:${userInfo().username}`;

async function feed(events: ReturnType<typeof attackEvents>) {
  const ids: string[] = [];
  for (const event of events) {
    const result = await mod.handler(event, lambdaContext('detect-use'));
    ids.push(
      ...result.detections.flatMap((d: { incidentId?: string }) => (d.incidentId ? [d.incidentId] : [])),
    );
  }
  return ids;
}

async function listJson(...args: string[]): Promise<IncidentSummary[]> {
  const run = await honeytrail('incidents', 'list', '--json', ...args);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  return run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as IncidentSummary);
}

/** A bad command: one line on stderr starting `honeytrail:`, exit 2, and not one item changed. */
async function refused(args: string[], message: RegExp) {
  const before = await tableItems(TABLE);
  const run = await honeytrail(...args);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^honeytrail: [^\n]+\n$/);
  expect(run.stderr).toMatch(message);
  expect(await tableItems(TABLE)).toEqual(before);
}

beforeAll(async () => {
  stack = await startLocalStack({ tableName: TABLE });
  Object.assign(process.env, stack.env, { DECOYS_FILE: 'test/events/decoys.yml' });
  mod = await import('../../src/handlers/detect-use.ts');
  [quietId = ''] = await feed(quietEvents());
  const ids = await feed(attackEvents());
  expect(new Set(ids).size).toBe(1);
  attackId = ids[0] ?? '';
}, 60_000);
afterAll(async () => stack.stop());

describe('honeytrail incidents against the local stack', () => {
  it('lists open incidents, the most recent first, as a table and as JSON lines', async () => {
    const run = await honeytrail('incidents', 'list');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATUS\s+SUBJECT/);
    expect(lines[1]).toMatch(new RegExp(`^${attackId}\\s+open\\s+${ATTACK_DECOY}\\s`));
    expect(lines[2]).toMatch(new RegExp(`^${quietId}\\s+open\\s+${QUIET_DECOY}\\s`));
    const json = await listJson();
    expect(json.map((i) => i.id)).toEqual([attackId, quietId]);
    expect(json[0]).toMatchObject({
      calls: 14,
      denied: 10,
      succeeded: 4,
      held: 8,
      ipCount: 3,
      status: 'open',
    });
    expect(json[0]?.escalations.map((e) => e.kind)).toEqual([
      'first-success',
      'new-tool',
      'first-write',
      'new-category',
      'new-network',
    ]);
  });

  it('filters by decoy, since and state', async () => {
    expect((await listJson('--decoy', QUIET_DECOY)).map((i) => i.id)).toEqual([quietId]);
    expect((await listJson('--since', '2026-11-19')).map((i) => i.id)).toEqual([attackId]);
    expect((await listJson('--since', '2026-11-20T09:30:00Z')).map((i) => i.id)).toEqual([]);
    expect((await listJson('--state', 'resolved')).map((i) => i.id)).toEqual([]);
    expect((await listJson('--state', 'open', '--stage', STAGE)).map((i) => i.id)).toEqual([
      attackId,
      quietId,
    ]);
  });

  it('shows the summary and a timeline that says which calls were mailed and which held back', async () => {
    const run = await honeytrail('incidents', 'show', attackId.toLowerCase());
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain(`Incident ${attackId}  OPEN`);
    expect(out).toMatch(/Calls +14 \(denied 10, succeeded 4, held back from mail 8; 6 mails sent\)/);
    expect(out).toMatch(/Source IPs +3: 167\.99\.32\.11, 167\.99\.32\.12, 73\.158\.64\.15/);
    expect(out).toMatch(
      /Escalations +2026-11-20T09:01:10Z {2}first-success\n +2026-11-20T09:03:00Z {2}new-tool: boto3/,
    );
    expect(out).toContain('Timeline (14 calls, oldest first)');
    const rows = out.split('\n').filter((line) => /^2026-11-20T09:\d\d:\d\dZ {2}/.test(line));
    expect(rows).toHaveLength(14);
    expect(rows[0]).toMatch(
      /iam:ListUsers +DENIED \(AccessDenied\) +167\.99\.32\.11 AS14061 US +aws-cli v2 .* mailed \(opened\)$/,
    );
    expect(rows[1]).toMatch(/iam:ListRoles .* held back$/);
    expect(rows.filter((r) => r.endsWith('mailed (escalation)'))).toHaveLength(5);
    expect(rows.filter((r) => r.endsWith('held back'))).toHaveLength(8);
    const limited = await honeytrail('incidents', 'show', attackId, '--limit', '3');
    expect(limited.stdout).toContain('... 11 later call(s) not shown');
  });

  it('refuses an unknown ID, a malformed ID, a bad --state and a malformed --since, changing nothing', async () => {
    await refused(
      ['incidents', 'show', 'HT-0000-0000'],
      /^honeytrail: no incident HT-0000-0000 in table honeytrail-clitest/,
    );
    await refused(['incidents', 'ack', 'HT-0000-0000'], /no incident HT-0000-0000/);
    await refused(['incidents', 'resolve', 'not-an-id', '--note', 'x'], /not an incident ID: "not-an-id"/);
    await refused(
      ['incidents', 'list', '--state', 'closed'],
      /--state .*closed.* open, acknowledged, resolved/,
    );
    await refused(['incidents', 'list', '--since', 'yesterday'], /--since: "yesterday" is not a date/);
    await refused(['incidents', 'list', '--since', '2026-02-31'], /--since: "2026-02-31" is not a date/);
    await refused(['incidents', 'resolve', attackId], /required option '--note <text>'/);
    await refused(['incidents', 'list', '--stage', 'nosuchstage'], /table not found/);
  });

  it('acknowledges an open incident with who did it, and refuses to acknowledge it twice', async () => {
    const run = await honeytrail('incidents', 'ack', attackId, '--note', 'on it');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(new RegExp(`^${attackId} acknowledged by ${ME} at 20\\d\\d-.*Z: on it\\n$`));
    const [item] = await listJson('--state', 'acknowledged');
    expect(item).toMatchObject({ id: attackId, status: 'acknowledged', statusBy: ME, statusNote: 'on it' });
    await refused(['incidents', 'ack', attackId], new RegExp(`${attackId} is already acknowledged by ${ME}`));
  });

  it('resolves with a note, then refuses to acknowledge or resolve the resolved incident', async () => {
    const run = await honeytrail('incidents', 'resolve', attackId, '--note', 'key rotated, host rebuilt');
    expect(run.code).toBe(0);
    const [item] = await listJson('--state', 'resolved');
    expect(item).toMatchObject({ id: attackId, statusBy: ME, statusNote: 'key rotated, host rebuilt' });
    await refused(
      ['incidents', 'ack', attackId],
      /is already resolved .*new activity on its decoy opens a new incident/,
    );
    await refused(['incidents', 'resolve', attackId, '--note', 'again'], /is already resolved/);
  });

  it('opens a new incident, mailed at once, when the decoy of a resolved incident is used again', async () => {
    stack.inbox.clear();
    const [newId] = await feed([laterEvent()]);
    expect(newId).toMatch(/^HT-/);
    expect(newId).not.toBe(attackId);
    const [mail] = await stack.inbox.waitFor(1);
    expect(mail?.subject).toContain(`[${newId}]`);
    const all = await listJson();
    expect(all.map((i) => [i.id, i.status])).toEqual([
      [newId, 'open'],
      [quietId, 'open'],
      [attackId, 'resolved'],
    ]);
    expect(all[0]).toMatchObject({ calls: 1, firstSeen: '2026-11-20T11:00:00Z' });
    // The resolved incident keeps its calls, its who and its note.
    expect(all[2]).toMatchObject({ calls: 14, statusNote: 'key rotated, host rebuilt' });
    const show = await honeytrail('incidents', 'show', attackId);
    expect(show.stdout).toContain('Timeline (14 calls');
  });

  it('exports incidents and calls as CSV with formula-looking cells neutralised, and as JSON', async () => {
    const incidents = await honeytrail('incidents', 'export', '--format', 'csv');
    expect(incidents.code).toBe(0);
    const lines = incidents.stdout.split('\r\n');
    expect(lines[0]).toMatch(/^id,status,kind,subject,account,firstSeen,lastSeen,calls,/);
    expect(lines.filter(Boolean)).toHaveLength(4);
    const calls = await honeytrail('incidents', 'export', attackId, '--format', 'csv');
    const rows = calls.stdout.split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(15);
    const formula = rows.find((row) => row.includes('HYPERLINK'));
    expect(formula).toContain(`"'${HOSTILE_FORMULA.replace(/"/g, '""')}"`);
    expect(rows.some((row) => row.includes(HOSTILE_HTML.replace(/"/g, '""')))).toBe(true);
    const json = await honeytrail('incidents', 'export', '--format', 'json', '--state', 'resolved');
    expect((JSON.parse(json.stdout) as IncidentSummary[]).map((i) => i.id)).toEqual([attackId]);
    const one = JSON.parse(
      (await honeytrail('incidents', 'export', attackId, '--format', 'json')).stdout,
    ) as {
      timeline: { userAgent: string }[];
    };
    expect(one.timeline.map((r) => r.userAgent)).toContain(HOSTILE_FORMULA);
    await refused(['incidents', 'export', '--format', 'xml'], /--format .*xml.* json, csv/);
  });

  it('writes a self-contained HTML report with one mark per escalation and every attacker string escaped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'honeytrail-report-'));
    const out = join(dir, 'case.html');
    const run = await honeytrail('incidents', 'report', attackId, '--out', out);
    expect(run.stdout).toBe(`Wrote ${out} (incident ${attackId}, 14 calls)\n`);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-/,
    );
    expect(html.match(/class="esc-mark"/g)).toHaveLength(5);
    expect(html).not.toMatch(/<(script|img|link|iframe|object|embed)\b|\s(src|href)="|url\(/i);
    expect(html).toContain(
      '&lt;img src=&quot;http://fetch.example/x.png&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;',
    );
  });

  it('writes the report of every incident for npm start -- --report DIR', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'honeytrail-reports-'));
    const ids = (await listJson()).map((i) => i.id).sort();
    const written = await writeReports(dir, loadConfig());
    expect(written).toEqual(ids.map((id) => join(dir, `${id}.html`)));
    expect(readdirSync(dir).sort()).toEqual(ids.map((id) => `${id}.html`));
    expect(readFileSync(join(dir, `${attackId}.html`), 'utf8')).toContain(`Incident ${attackId}`);
  });

  it('announces ack and resolve on the bus, and sets the Security Hub findings RESOLVED, when configured', async () => {
    const calls: [string, string][] = [];
    const changes: string[] = [];
    let out = '';
    const root = keepContract(new Command('honeytrail'), { stdout: () => {}, stderr: () => {} });
    addIncidents(root, {
      ...defaultIncidentDeps((text) => {
        out += text;
      }),
      resolveFindings: async (_config, id, note) => {
        calls.push([id, note]);
        return 3;
      },
      announce: async (_config, incident) => {
        changes.push(incident.status);
        return true;
      },
    });
    await root.parseAsync(['node', 'honeytrail', 'incidents', 'ack', quietId, '--stage', STAGE]);
    expect(calls).toEqual([]);
    await root.parseAsync([
      'node',
      'honeytrail',
      'incidents',
      'resolve',
      quietId,
      '--stage',
      STAGE,
      '--note',
      'benign scanner',
    ]);
    expect(calls).toEqual([[quietId, 'benign scanner']]);
    expect(out).toContain(`Security Hub: 3 finding(s) of ${quietId} set to RESOLVED`);
    // Each state change is announced on the bus, for SIEMs and playbooks.
    expect(changes).toEqual(['acknowledged', 'resolved']);
    expect(out).toContain(`EventBridge: Honeytrail Incident Changed sent for ${quietId}`);
  });
});
