import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { Detection } from '../detect/detection.ts';
import type { HistoryEntry } from '../enrich/types.ts';
import { expiryAfter, N, S } from './attributes.ts';
import { keys } from './keys.ts';

export type AlertState = 'pending' | 'sent' | 'suppressed';

export interface StoredDetection {
  detection: Detection;
  alertState: AlertState;
  deliveries: number;
  leaseUntil: number;
}

/** What claiming a detection found: a new row, a settled one (duplicate), or a failed attempt to resume. */
export type Claim =
  | { status: 'inserted' }
  | { status: 'settled'; stored: StoredDetection }
  | { status: 'resumed' };

/**
 * Another invocation holds the lease on this detection (a concurrent duplicate delivery). Failing
 * lets EventBridge retry later, when the row is settled or the lease has run out.
 */
export class DetectionBusyError extends Error {
  override name = 'DetectionBusyError';
}

function toStored(item: Record<string, AttributeValue>): StoredDetection {
  return {
    detection: JSON.parse(item.detection?.S ?? '{}') as Detection,
    alertState: (item.alertState?.S ?? 'pending') as AlertState,
    deliveries: Number(item.deliveries?.N ?? 1),
    leaseUntil: Number(item.leaseUntil?.N ?? 0),
  };
}

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as Error)?.name === 'ConditionalCheckFailedException'
  );
}

export interface StoreOptions {
  tableName: string;
  retentionDays: number;
  /** How long one invocation may hold a detection before a retry may take over; above the function timeout. */
  leaseSeconds?: number;
  client?: DynamoDBClient;
  now?: () => number;
}

/** The one DynamoDB adapter: detections, alert-storm windows and history. */
export function makeStore({
  tableName,
  retentionDays,
  leaseSeconds = 120,
  client = new DynamoDBClient({}),
  now = Date.now,
}: StoreOptions) {
  const expiresAt = () => expiryAfter(now(), retentionDays);

  async function queryDetections(index: string, partition: string, limit: number): Promise<Detection[]> {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk`,
        ExpressionAttributeValues: { ':pk': S(partition) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (page.Items ?? []).flatMap((item) =>
      item.detection?.S ? [JSON.parse(item.detection.S) as Detection] : [],
    );
  }

  return {
    /**
     * Inserts the detection unless its ID is already stored. A stored row that is settled is a duplicate;
     * a pending one whose lease ran out is an earlier attempt that failed, and this call takes it over.
     */
    async claimDetection(detection: Detection): Promise<Claim> {
      const sortKey = keys.timeline(detection);
      const key = { pk: S(keys.detection(detection.id)), sk: S('DET') };
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              ...key,
              gsi1pk: S(keys.subject(detection)),
              gsi1sk: S(sortKey),
              gsi2pk: S(keys.source(detection.actor.sourceIp)),
              gsi2sk: S(sortKey),
              gsi3pk: S(keys.day(detection.event.time)),
              gsi3sk: S(sortKey),
              kind: S(detection.kind),
              severity: S(detection.severity),
              eventTime: S(detection.event.time),
              eventSource: S(detection.event.source),
              eventName: S(detection.event.name),
              sourceIp: S(detection.actor.sourceIp),
              detection: S(JSON.stringify(detection)),
              alertState: S('pending'),
              leaseUntil: N(now() + leaseSeconds * 1000),
              deliveries: N(1),
              expiresAt: N(expiresAt()),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { status: 'inserted' };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const result = await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: 'ADD deliveries :one',
          ExpressionAttributeValues: { ':one': N(1) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const stored = toStored(result.Attributes ?? {});
      if (stored.alertState !== 'pending') return { status: 'settled', stored };
      if (stored.leaseUntil > now()) {
        throw new DetectionBusyError(`detection ${detection.id} is being delivered by another invocation`);
      }
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: key,
            UpdateExpression: 'SET leaseUntil = :lease',
            ConditionExpression: 'alertState = :pending AND leaseUntil = :seen',
            ExpressionAttributeValues: {
              ':lease': N(now() + leaseSeconds * 1000),
              ':pending': S('pending'),
              ':seen': N(stored.leaseUntil),
            },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        throw new DetectionBusyError(`detection ${detection.id} was taken over by another invocation`, {
          cause: error,
        });
      }
      return { status: 'resumed' };
    },

    /**
     * Claims the alert for this (decoy, source) window. Idempotent for the same detection, so a
     * retry after a failed publish claims again instead of being suppressed by its own window.
     */
    async claimAlertWindow(detection: Detection, windowSeconds: number): Promise<boolean> {
      const eventMs = Date.parse(detection.event.time);
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { pk: S(keys.storm(detection)), sk: S('STORM') },
            UpdateExpression: 'SET windowStart = :start, alertDetectionId = :id, expiresAt = :exp',
            ConditionExpression:
              'attribute_not_exists(pk) OR windowStart <= :cutoff OR alertDetectionId = :id',
            ExpressionAttributeValues: {
              ':start': N(eventMs),
              ':cutoff': N(eventMs - windowSeconds * 1000),
              ':id': S(detection.id),
              ':exp': N(expiresAt()),
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** Moves a detection out of `pending`. Only the first caller wins. */
    async settleAlert(detectionId: string, state: Exclude<AlertState, 'pending'>): Promise<void> {
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: { pk: S(keys.detection(detectionId)), sk: S('DET') },
            UpdateExpression: 'SET alertState = :state, settledAt = :at',
            ConditionExpression: 'alertState = :pending',
            ExpressionAttributeValues: { ':state': S(state), ':pending': S('pending'), ':at': N(now()) },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async countSuppressed(detection: Detection): Promise<void> {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: { pk: S(keys.storm(detection)), sk: S('STORM') },
          UpdateExpression: 'ADD suppressed :one',
          ExpressionAttributeValues: { ':one': N(1) },
        }),
      );
    },

    async getDetection(detectionId: string): Promise<StoredDetection | undefined> {
      const result = await client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: { pk: S(keys.detection(detectionId)), sk: S('DET') },
          ConsistentRead: true,
        }),
      );
      return result.Item ? toStored(result.Item) : undefined;
    },

    /**
     * Earlier calls by one decoy between `since` and `until` (ISO times), oldest first. Reads newest
     * first and stops at `max` entries, so a flood of calls costs a bounded query per event.
     */
    async decoyHistory(
      accountId: string,
      userName: string,
      since: string,
      until: string,
      max = 1000,
    ): Promise<HistoryEntry[]> {
      const entries: HistoryEntry[] = [];
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': S(keys.decoy(accountId, userName)),
              ':from': S(since),
              ':to': S(`${until}~`),
            },
            ProjectionExpression: 'eventTime, eventSource, eventName, sourceIp, kind',
            ExclusiveStartKey: startKey,
            ScanIndexForward: false,
            Limit: 500,
          }),
        );
        for (const item of page.Items ?? []) {
          if (item.kind?.S !== 'use') continue;
          entries.push({
            eventTime: item.eventTime?.S ?? '',
            eventSource: item.eventSource?.S ?? '',
            eventName: item.eventName?.S ?? '',
            sourceIp: item.sourceIp?.S ?? '',
          });
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey && entries.length < max);
      return entries.slice(0, max).reverse();
    },

    /** Detections from one source IP, newest first. */
    async bySource(sourceIp: string, limit = 50): Promise<Detection[]> {
      return queryDetections('gsi2', keys.source(sourceIp), limit);
    },

    /** The most recent detections across all decoys, newest first, looking back `days` day buckets. */
    async recent(days = 2, limit = 50): Promise<Detection[]> {
      const found: Detection[] = [];
      for (let back = 0; back < days && found.length < limit; back += 1) {
        const day = new Date(now() - back * 86_400_000).toISOString();
        found.push(...(await queryDetections('gsi3', keys.day(day), limit - found.length)));
      }
      return found;
    },

    /** The newest detection of one decoy, or undefined. */
    async lastDetection(accountId: string, userName: string): Promise<Detection | undefined> {
      const [latest] = await queryDetections('gsi1', keys.decoy(accountId, userName), 1);
      return latest;
    },
  };
}

export type Store = ReturnType<typeof makeStore>;
