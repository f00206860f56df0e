import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { makeDetectionStore } from './detections.ts';
import { makeIncidentStore } from './incidents.ts';

export type { AlertState, StoredDetection } from './detections.ts';
export { DetectionBusyError, StoreUnavailableError } from './errors.ts';

export interface StoreOptions {
  tableName: string;
  retentionDays: number;
  client?: DynamoDBClient;
  now?: () => number;
}

/** The one DynamoDB adapter, one module per aggregate: detections, incidents (audit: store/audit.ts). */
export function makeStore({
  tableName,
  retentionDays,
  client = new DynamoDBClient({}),
  now = Date.now,
}: StoreOptions) {
  const options = { tableName, retentionDays, client, now };
  return { detections: makeDetectionStore(options), incidents: makeIncidentStore(options), now };
}

export type Store = ReturnType<typeof makeStore>;
