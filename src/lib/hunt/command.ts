import { DEFAULT_HOME_REGION, stageNames } from '../archive/stage.ts';
import { type Athena, makeAthena } from '../aws/athena.ts';
import { type AnalyzeIo, type AnalyzeOptions, makeSession } from '../cli/run-analyze.ts';
import { loadCliConfig } from '../config.ts';
import { loadRegistryFile } from '../decoys/load.ts';
import { cleanText } from '../text.ts';
import { detectorNamesOf, huntSql } from './athena-sql.ts';
import { analyzeRows } from './run.ts';

export interface HuntOptions extends AnalyzeOptions {
  table: string;
  since?: string;
  run: boolean;
  database?: string;
  workgroup?: string;
  outputLocation?: string;
}

/** The hunt SQL for these options: decoys, and honeytrail's own names when known. */
export function huntQuery(options: HuntOptions, env: NodeJS.ProcessEnv = process.env): string {
  const registry = loadRegistryFile(options.decoys);
  const config = loadCliConfig(env);
  const stage = options.stage
    ? stageNames(options.stage, registry, options.homeRegion ?? DEFAULT_HOME_REGION)
    : undefined;
  const names = detectorNamesOf(stage, [
    ...config.HONEYTRAIL_RULE_NAMES,
    ...config.HONEYTRAIL_RULE_PREFIXES,
    ...config.HONEYTRAIL_FUNCTION_NAMES,
    ...config.HONEYTRAIL_ROLE_NAMES,
    ...config.HONEYTRAIL_QUEUE_NAMES,
    ...config.HONEYTRAIL_ALARM_NAMES,
    ...config.HONEYTRAIL_BUS_STATEMENTS,
    // A key is named by its ID, its ARN or an alias: the ID is in all but the alias.
    ...config.HONEYTRAIL_KEY_ARNS.map((arn) => arn.split('/').pop()),
    config.TOPIC_ARN?.split(':').pop(),
    config.TABLE_NAME,
    config.TRAIL_BUCKET,
    options.trail ?? config.TRAIL_NAME,
  ]);
  const trail = options.trail ?? config.TRAIL_NAME;
  return huntSql({
    registry,
    table: options.table,
    ...(options.since ? { since: options.since } : {}),
    detectorNames: names,
    anyTrail: names.length > 0 && !trail,
  });
}

/**
 * `honeytrail hunt athena`: prints the SQL, or with --run executes it and sends the rows through
 * the analyze pipeline and summary. Returns the exit code (1 when the query failed).
 */
export async function huntAthena(
  options: HuntOptions,
  io: AnalyzeIo,
  athena: () => Athena = () => makeAthena(),
): Promise<number> {
  const sql = huntQuery(options, io.env ?? process.env);
  if (!options.run) {
    io.stdout(`-- honeytrail hunt: every record that could produce a detection\n${sql}`);
    return 0;
  }
  const registry = loadRegistryFile(options.decoys);
  const session = makeSession(options, io, registry, loadCliConfig(io.env ?? process.env));
  session.start(1);
  try {
    await analyzeRows(
      athena().rows({
        sql,
        ...(options.database ? { database: options.database } : {}),
        ...(options.workgroup ? { workgroup: options.workgroup } : {}),
        ...(options.outputLocation ? { outputLocation: options.outputLocation } : {}),
      }),
      `athena:${cleanText(options.table, 64)}`,
      session,
    );
  } catch (cause) {
    session.failed(`athena:${options.table}`, cause instanceof Error ? cause.message : String(cause));
  }
  return session.finish().exitCode;
}
