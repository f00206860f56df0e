import { makePublisher } from '../alerts/sns.ts';
import { makeCloudTrail } from '../aws/cloudtrail.ts';
import { makeEventBridge } from '../aws/eventbridge.ts';
import { makeIam } from '../aws/iam.ts';
import type { Config } from '../config.ts';
import { loadRegistryFile } from '../decoys/load.ts';
import { makeFailOpenMemory } from '../pipeline/fail-open.ts';
import { makeAuditStore } from '../store/audit.ts';
import { makeStore } from '../store/dynamo.ts';
import type { ScheduledAuditDeps } from './run.ts';

export type AuditWiring = Omit<ScheduledAuditDeps, 'accountId' | 'region'>;

/** Clients and registry for the audit, built once per container. */
export function buildAudit(config: Config, overrides: Partial<AuditWiring> = {}): AuditWiring {
  const auditStore = makeAuditStore({ tableName: config.TABLE_NAME, retentionDays: config.RETENTION_DAYS });
  return {
    registry: loadRegistryFile(config.DECOYS_FILE),
    iam: makeIam(),
    cloudTrail: makeCloudTrail(),
    eventBridge: makeEventBridge(),
    sightings: auditStore,
    auditStore,
    deliver: {
      store: makeStore({ tableName: config.TABLE_NAME, retentionDays: config.RETENTION_DAYS }),
      publisher: makePublisher({ topicArn: config.TOPIC_ARN }),
      incidents: { quietSeconds: config.INCIDENT_QUIET_SECONDS, digestSeconds: config.DIGEST_WINDOW_SECONDS },
      failOpen: makeFailOpenMemory(),
    },
    ...(config.TRAIL_NAME ? { trailName: config.TRAIL_NAME } : {}),
    ruleNames: config.HONEYTRAIL_RULE_NAMES,
    now: () => new Date(),
    ...overrides,
  };
}
