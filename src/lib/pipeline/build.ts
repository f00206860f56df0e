import { makePublisher } from '../alerts/sns.ts';
import type { Config } from '../config.ts';
import { loadRegistryFile } from '../decoys/load.ts';
import { detectorResources } from '../detect/detector-resources.ts';
import type { Rule } from '../detect/rules.ts';
import { loadTorExitList, makeEnricher } from '../enrich/index.ts';
import { makeStore } from '../store/dynamo.ts';
import { makeFailOpenMemory } from './fail-open.ts';
import type { ProcessDeps } from './process.ts';

/** Builds the clients and registry once per container; handlers call this at module scope. */
export function buildPipeline(
  config: Config,
  rules: readonly Rule[],
  overrides: Partial<ProcessDeps> = {},
): ProcessDeps {
  return {
    store: makeStore({ tableName: config.TABLE_NAME, retentionDays: config.RETENTION_DAYS }),
    publisher: makePublisher({ topicArn: config.TOPIC_ARN }),
    context: {
      registry: loadRegistryFile(config.DECOYS_FILE),
      ...(config.TOR_EXIT_LIST_FILE
        ? { enrich: makeEnricher({ tor: loadTorExitList(config.TOR_EXIT_LIST_FILE) }) }
        : {}),
      detector: detectorResources(config),
    },
    rules,
    incidents: { quietSeconds: config.INCIDENT_QUIET_SECONDS, digestSeconds: config.DIGEST_WINDOW_SECONDS },
    failOpen: makeFailOpenMemory(),
    ...overrides,
  };
}
