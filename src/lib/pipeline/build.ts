import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { makePublisher } from '../alerts/sns.ts';
import type { Config } from '../config.ts';
import { loadRegistryFile } from '../decoys/load.ts';
import { detectorResources } from '../detect/detector-resources.ts';
import type { Rule } from '../detect/rules.ts';
import { loadTorExitList, makeEnricher } from '../enrich/index.ts';
import { makeStoredTorList } from '../enrich/tor-refresh.ts';
import { makeStore } from '../store/dynamo.ts';
import { makeTorStore } from '../store/tor.ts';
import { makeFailOpenMemory } from './fail-open.ts';
import type { ProcessDeps } from './process.ts';

/**
 * Builds the clients and registry once per container; handlers call this at module scope. The exact
 * Tor exit list comes from TOR_EXIT_LIST_FILE when set, else from the table, where the audit refreshes
 * it weekly (re-read once an hour).
 */
export function buildPipeline(
  config: Config,
  rules: readonly Rule[],
  overrides: Partial<ProcessDeps> = {},
): ProcessDeps {
  const client = new DynamoDBClient({});
  const stored = config.TOR_EXIT_LIST_FILE
    ? undefined
    : makeStoredTorList(makeTorStore({ tableName: config.TABLE_NAME, client }));
  const tor = config.TOR_EXIT_LIST_FILE ? loadTorExitList(config.TOR_EXIT_LIST_FILE) : stored;
  return {
    store: makeStore({ tableName: config.TABLE_NAME, retentionDays: config.RETENTION_DAYS, client }),
    publisher: makePublisher({ topicArn: config.TOPIC_ARN }),
    context: {
      registry: loadRegistryFile(config.DECOYS_FILE),
      ...(tor ? { enrich: makeEnricher({ tor }) } : {}),
      detector: detectorResources(config),
    },
    rules,
    incidents: { quietSeconds: config.INCIDENT_QUIET_SECONDS, digestSeconds: config.DIGEST_WINDOW_SECONDS },
    failOpen: makeFailOpenMemory(),
    ...(stored ? { beforeRecord: stored.reload } : {}),
    ...overrides,
  };
}
