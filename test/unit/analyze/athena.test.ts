import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { generateArchive } from '../../../bench/archive-gen.ts';
import { makeAthena } from '../../../src/lib/aws/athena.ts';
import type { ValidResult } from '../../../src/lib/cli/analyze.ts';
import { makeSession, runAnalyze } from '../../../src/lib/cli/run-analyze.ts';
import { loadCliConfig } from '../../../src/lib/config.ts';
import { loadRegistryFile } from '../../../src/lib/decoys/load.ts';
import { athenaDdl } from '../../../src/lib/hunt/athena-ddl.ts';
import { HUNT_COLUMNS } from '../../../src/lib/hunt/athena-sql.ts';
import { huntAthena, huntQuery } from '../../../src/lib/hunt/command.ts';
import type { HuntRow } from '../../../src/lib/hunt/rows.ts';
import { analyzeRows } from '../../../src/lib/hunt/run.ts';

const DECOYS = 'test/events/decoys.yml';
/** The detector names the fixtures under test/events/detector target, as Lambda variables. */
const ENV = {
  HONEYTRAIL_RULE_NAMES: 'honeytrail-cloudtrail-home,honeytrail-forward-eu-west-1',
  HONEYTRAIL_FUNCTION_NAMES: 'honeytrail-prod-detect,honeytrail-prod-audit',
  TRAIL_NAME: 'honeytrail-management',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:honeytrail-alerts',
  TABLE_NAME: 'honeytrail-prod-detections',
};

/**
 * A view shaped like the Athena CloudTrail table (lower-case columns, `useridentity` a struct,
 * request parameters as JSON text, the projected `region` and `timestamp` partitions) over the
 * same .json.gz files, plus the two Trino functions DuckDB names differently.
 */
function viewSql(dir: string): string {
  const s = (path: string) => `r->>'${path}'`;
  const uid = (field: string) => `r->'userIdentity'->>'${field}'`;
  const issuer = (field: string) => `r->'userIdentity'->'sessionContext'->'sessionIssuer'->>'${field}'`;
  const raw = (field: string) =>
    `CASE WHEN json_type(r->'${field}') IN ('OBJECT', 'ARRAY') THEN CAST(r->'${field}' AS VARCHAR) END`;
  return `
    CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p);
    CREATE VIEW cloudtrail_logs_pp AS
    WITH files AS (
      SELECT json FROM read_json_objects('${dir}/AWSLogs/*/CloudTrail/**/*.json.gz', maximum_object_size = 104857600)
    ), recs AS (
      SELECT unnest(CAST(json->'Records' AS JSON[])) AS r FROM files
    )
    SELECT
      ${s('eventVersion')} AS eventversion,
      struct_pack(
        type := ${uid('type')}, principalid := ${uid('principalId')}, arn := ${uid('arn')},
        accountid := ${uid('accountId')}, invokedby := ${uid('invokedBy')},
        accesskeyid := ${uid('accessKeyId')}, username := ${uid('userName')},
        sessioncontext := struct_pack(sessionissuer := struct_pack(
          type := ${issuer('type')}, principalid := ${issuer('principalId')}, arn := ${issuer('arn')},
          accountid := ${issuer('accountId')}, username := ${issuer('userName')}))
      ) AS useridentity,
      ${s('eventTime')} AS eventtime, ${s('eventSource')} AS eventsource, ${s('eventName')} AS eventname,
      ${s('awsRegion')} AS awsregion, ${s('sourceIPAddress')} AS sourceipaddress, ${s('userAgent')} AS useragent,
      ${s('errorCode')} AS errorcode, ${s('errorMessage')} AS errormessage,
      ${raw('requestParameters')} AS requestparameters, ${raw('responseElements')} AS responseelements,
      ${s('requestID')} AS requestid, ${s('eventID')} AS eventid, ${s('readOnly')} AS readonly,
      ${s('eventType')} AS eventtype, ${s('recipientAccountId')} AS recipientaccountid,
      ${s('awsRegion')} AS region,
      strftime(CAST(${s('eventTime')} AS TIMESTAMP), '%Y/%m/%d') AS "timestamp"
    FROM recs;`;
}

async function duckRows(dir: string, sql: string): Promise<HuntRow[]> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  for (const statement of viewSql(dir)
    .split(';')
    .filter((s) => s.trim()))
    await connection.run(statement);
  const reader = await connection.runAndReadAll(sql);
  const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
  connection.closeSync();
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, v === null || v === undefined ? null : String(v)]),
    ),
  );
}

interface Out {
  stdout: string;
  stderr: string;
}
const capture = (): Out & {
  io: { stdout: (t: string) => void; stderr: (t: string) => void; env: NodeJS.ProcessEnv };
} => {
  const out = {
    stdout: '',
    stderr: '',
    io: {
      stdout: (t: string) => {
        out.stdout += t;
      },
      stderr: (t: string) => {
        out.stderr += t;
      },
      env: ENV,
    },
  };
  return out;
};
const found = (stdout: string): string[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((l): l is ValidResult => 'source' in l && l.valid)
    .flatMap((l) => l.detections.map((d) => `${l.eventId} ${d.kind} ${d.category} ${d.severity}`))
    .sort();

describe('hunt athena', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'honeytrail-hunt-'));
    generateArchive({ dir, files: 8, records: 800, decoyEvery: 20 });
    // Every recorded fixture as one more log file: use, tamper, detector-tamper, and none.
    const records = ['use', 'tamper', 'detector', 'none'].flatMap((folder) =>
      readdirSync(join('test/events', folder)).map(
        (name) => JSON.parse(readFileSync(join('test/events', folder, name), 'utf8')).detail,
      ),
    );
    const day = join(dir, 'AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/20');
    mkdirSync(day, { recursive: true });
    writeFileSync(
      join(day, '123456789012_CloudTrail_us-east-1_fixtures.json.gz'),
      gzipSync(JSON.stringify({ Records: records })),
    );
  });

  it('finds on an embedded SQL engine exactly what the local scan finds, over the same archive', async () => {
    const local = capture();
    await runAnalyze([dir], { decoys: DECOYS, json: true, workers: 0 }, local.io);
    const sql = huntQuery({ decoys: DECOYS, json: true, table: 'cloudtrail_logs_pp', run: true }, ENV);
    const rows = await duckRows(dir, sql);
    const hunted = capture();
    const session = makeSession(
      { decoys: DECOYS, json: true },
      hunted.io,
      loadRegistryFile(DECOYS),
      loadCliConfig(ENV),
    );
    async function* stream() {
      yield* rows;
    }
    await analyzeRows(stream(), 'duckdb', session);
    session.finish();
    const expected = found(local.stdout);
    expect(expected.length).toBeGreaterThan(80);
    expect(expected.join('\n')).toMatch(/detector-tamper/);
    expect(expected.join('\n')).toMatch(/ tamper /);
    expect(found(hunted.stdout)).toEqual(expected);
    // The query selects far fewer rows than the archive holds.
    expect(rows.length).toBeLessThan(400);
  }, 60_000);

  it('keeps to the partitions from --since on', async () => {
    const sql = huntQuery(
      { decoys: DECOYS, json: true, table: 'cloudtrail_logs_pp', run: true, since: '2026-11-10' },
      ENV,
    );
    expect(sql).toMatch(/"timestamp" >= '2026\/11\/10'/);
    const rows = await duckRows(dir, sql);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => (r.eventtime ?? '') >= '2026-11-10')).toBe(true);
  }, 60_000);

  it('prints the documented table DDL with partition projection', () => {
    const ddl = athenaDdl({
      table: 't',
      location: 's3://b/AWSLogs/1/CloudTrail/',
      regions: ['us-east-1'],
      from: '2026/01/01',
    });
    expect(ddl).toMatch(
      /'storage.location.template'='s3:\/\/b\/AWSLogs\/1\/CloudTrail\/\$\{region\}\/\$\{timestamp\}'/,
    );
    expect(ddl).toMatch(/'projection.timestamp.format'='yyyy\/MM\/dd'/);
    for (const [column] of HUNT_COLUMNS) expect(ddl).toContain(column.split('.').pop());
  });

  it('runs the query through Athena and feeds the rows through the same pipeline (mocked Athena)', async () => {
    const athena = mockClient(AthenaClient);
    const sql = huntQuery({ decoys: DECOYS, json: true, table: 'cloudtrail_logs_pp', run: true }, ENV);
    const rows = await duckRows(dir, sql);
    const names = HUNT_COLUMNS.map(([, alias]) => alias);
    const page = (slice: HuntRow[], header: boolean) => ({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: names.map((Name) => ({ Name, Type: 'varchar' })) },
        Rows: [
          ...(header ? [{ Data: names.map((n) => ({ VarCharValue: n })) }] : []),
          ...slice.map((r) => ({
            Data: names.map((n) => (r[n] === null ? {} : { VarCharValue: r[n] as string })),
          })),
        ],
      },
    });
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    const half = Math.floor(rows.length / 2);
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: undefined })
      .resolves({ ...page(rows.slice(0, half), true), NextToken: 't2' })
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: 't2' })
      .resolves(page(rows.slice(half), false));
    const viaAthena = capture();
    const code = await huntAthena(
      { decoys: DECOYS, json: true, table: 'cloudtrail_logs_pp', run: true, workgroup: 'primary' },
      viaAthena.io,
      () => makeAthena({ client: new AthenaClient({ region: 'us-east-1' }), sleep: async () => {} }),
    );
    expect(code).toBe(0);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toMatchObject({
      QueryString: sql,
      WorkGroup: 'primary',
    });
    const local = capture();
    await runAnalyze([dir], { decoys: DECOYS, json: true, workers: 0 }, local.io);
    expect(found(viaAthena.stdout)).toEqual(found(local.stdout));
    athena.restore();
  }, 60_000);

  it('reports a failed query as a failed input and exits 1', async () => {
    const athena = mockClient(AthenaClient);
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-2' });
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: {
        Status: { State: 'FAILED', StateChangeReason: 'TABLE_NOT_FOUND: cloudtrail_logs_pp' },
      },
    });
    const out = capture();
    const code = await huntAthena(
      { decoys: DECOYS, json: false, table: 'cloudtrail_logs_pp', run: true },
      out.io,
      () => makeAthena({ client: new AthenaClient({ region: 'us-east-1' }), sleep: async () => {} }),
    );
    expect(code).toBe(1);
    expect(out.stderr).toMatch(
      /^honeytrail: athena:cloudtrail_logs_pp: Athena query q-2 failed: TABLE_NOT_FOUND/,
    );
    athena.restore();
  });
});
