import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { makePublisher } from '../alerts/sns.ts';
import { makeCloudTrail } from '../aws/cloudtrail.ts';
import { makeEventBridge } from '../aws/eventbridge.ts';
import { makeIam } from '../aws/iam.ts';
import type { Config } from '../config.ts';
import { loadRegistryFile } from '../decoys/load.ts';
import { refreshTorList } from '../enrich/tor-refresh.ts';
import { makeFailOpenMemory } from '../pipeline/fail-open.ts';
import { makeAuditStore } from '../store/audit.ts';
import { makeStore } from '../store/dynamo.ts';
import { makeTorStore } from '../store/tor.ts';
import type { ScheduledAuditDeps } from './run.ts';

export type AuditWiring = Omit<ScheduledAuditDeps, 'accountId' | 'region'>;

/** Clients and registry for the audit, built once per container. */
export function buildAudit(config: Config, overrides: Partial<AuditWiring> = {}): AuditWiring {
  const client = new DynamoDBClient({});
  const auditStore = makeAuditStore({
    tableName: config.TABLE_NAME,
    retentionDays: config.RETENTION_DAYS,
    client,
  });
  const torStore = makeTorStore({ tableName: config.TABLE_NAME, client });
  return {
    registry: loadRegistryFile(config.DECOYS_FILE),
    iam: makeIam(),
    cloudTrail: makeCloudTrail(),
    eventBridge: makeEventBridge(),
    sightings: auditStore,
    auditStore,
    deliver: {
      store: makeStore({ tableName: config.TABLE_NAME, retentionDays: config.RETENTION_DAYS, client }),
      publisher: makePublisher({ topicArn: config.TOPIC_ARN }),
      incidents: { quietSeconds: config.INCIDENT_QUIET_SECONDS, digestSeconds: config.DIGEST_WINDOW_SECONDS },
      failOpen: makeFailOpenMemory(),
    },
    ...(config.TRAIL_NAME ? { trailName: config.TRAIL_NAME } : {}),
    ruleNames: config.HONEYTRAIL_RULE_NAMES,
    now: () => new Date(),
    refreshTor: () => refreshTorList({ store: torStore, fetchText, now: Date.now, url: config.TOR_LIST_URL }),
    ...overrides,
  };
}

/** A GET with a timeout; anything but 200 is a failure the audit reports. */
async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.text();
}
