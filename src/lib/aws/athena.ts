import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { HuntRow } from '../hunt/rows.ts';

export interface AthenaQuery {
  sql: string;
  database?: string;
  workgroup?: string;
  /** s3://… for the results, unless the workgroup sets one. */
  outputLocation?: string;
}

/** A query that did not succeed: its state and Athena's reason. */
export class AthenaQueryError extends Error {
  override name = 'AthenaQueryError';
}

export interface AthenaDeps {
  client?: AthenaClient;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** The one Athena adapter: start a query, wait for it, then page through its rows by column name. */
export function makeAthena(deps: AthenaDeps = {}) {
  const client = deps.client ?? new AthenaClient({});
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const pollMs = deps.pollMs ?? 1000;
  return {
    async *rows(query: AthenaQuery): AsyncIterable<HuntRow> {
      const started = await client.send(
        new StartQueryExecutionCommand({
          QueryString: query.sql,
          ...(query.database ? { QueryExecutionContext: { Database: query.database } } : {}),
          ...(query.workgroup ? { WorkGroup: query.workgroup } : {}),
          ...(query.outputLocation ? { ResultConfiguration: { OutputLocation: query.outputLocation } } : {}),
        }),
      );
      const id = started.QueryExecutionId;
      if (!id) throw new AthenaQueryError('Athena returned no query execution ID');
      for (;;) {
        const { QueryExecution } = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
        const state = QueryExecution?.Status?.State;
        if (state === 'SUCCEEDED') break;
        if (state === 'FAILED' || state === 'CANCELLED')
          throw new AthenaQueryError(
            `Athena query ${id} ${state.toLowerCase()}: ${QueryExecution?.Status?.StateChangeReason ?? 'no reason given'}`,
          );
        await sleep(pollMs);
      }
      let token: string | undefined;
      let columns: string[] | undefined;
      do {
        const page = await client.send(
          new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token }),
        );
        const rows = page.ResultSet?.Rows ?? [];
        columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Name ?? '') ?? [];
        for (const [index, row] of rows.entries()) {
          const values = row.Data?.map((d) => d.VarCharValue) ?? [];
          // The first row of the first page repeats the column names.
          if (!token && index === 0 && values.every((v, i) => v === columns?.[i])) continue;
          yield Object.fromEntries(columns.map((name, i) => [name, values[i] ?? null]));
        }
        token = page.NextToken;
      } while (token);
    },
  };
}
export type Athena = ReturnType<typeof makeAthena>;
