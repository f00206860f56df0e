import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { Detection } from '../detect/detection.ts';
import type { MailReason } from '../incidents/plan.ts';
import { expiryAfter, N, queryItems, S } from './attributes.ts';
import { ignoreConditionFailure, isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';

/**
 * `sent`: mailed on its own; `held`: recorded and counted in its incident, not mailed on its own;
 * `sent-fail-open`: mailed while the store was unreachable, recorded later.
 */
export type AlertState = 'sent' | 'held' | 'sent-fail-open';

export interface StoredDetection {
  detection: Detection;
  alertState: AlertState;
  incidentId?: string;
  mail?: MailReason;
  deliveries: number;
}

export interface DetectionRecord {
  detection: Detection;
  alertState: AlertState;
  incidentId: string;
  mail?: MailReason;
}

function toStored(item: Record<string, AttributeValue>): StoredDetection {
  const stored: StoredDetection = {
    detection: JSON.parse(item.detection?.S ?? '{}') as Detection,
    alertState: (item.alertState?.S ?? 'held') as AlertState,
    deliveries: Number(item.deliveries?.N ?? 1),
  };
  if (item.incidentId?.S) stored.incidentId = item.incidentId.S;
  if (item.mail?.S) stored.mail = item.mail.S as MailReason;
  return stored;
}

export interface DetectionStoreOptions {
  tableName: string;
  retentionDays: number;
  client: DynamoDBClient;
  now: () => number;
}

/** One item per detection, keyed by detection ID: the exactly-once record. */
export function makeDetectionStore({ tableName, retentionDays, client, now }: DetectionStoreOptions) {
  const key = (id: string) => ({ pk: S(keys.detection(id)), sk: S('DET') });

  /** Stored detections of a Query, at most `max` (filtered-out items do not count). */
  async function query(input: ConstructorParameters<typeof QueryCommand>[0], max: number) {
    const items = await queryItems(client, input, max);
    return items.flatMap((item) => (item.detection?.S ? [toStored(item)] : []));
  }

  return {
    /**
     * Writes the record unless it exists. `exists` means a duplicate delivery already stored it.
     * Only gsi1 (the subject's timeline) is read for records, so that is the one index a record is in:
     * with projection ALL, every index an item is in costs a full-size write of it again.
     */
    async record(entry: DetectionRecord): Promise<'inserted' | 'exists'> {
      const { detection } = entry;
      const sortKey = keys.timeline(detection);
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              ...key(detection.id),
              gsi1pk: S(keys.subject(detection)),
              gsi1sk: S(sortKey),
              kind: S(detection.kind),
              severity: S(detection.severity),
              eventTime: S(detection.event.time),
              sourceIp: S(detection.actor.sourceIp),
              incidentId: S(entry.incidentId),
              detection: S(JSON.stringify(detection)),
              alertState: S(entry.alertState),
              ...(entry.mail ? { mail: S(entry.mail) } : {}),
              deliveries: N(1),
              recordedAt: N(now()),
              expiresAt: N(expiryAfter(now(), retentionDays)),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'inserted';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return 'exists';
      }
    },

    /** Counts a repeated delivery on the stored record (for the record only; nothing is re-sent). */
    async countDelivery(detectionId: string): Promise<void> {
      await client
        .send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: key(detectionId),
            UpdateExpression: 'ADD deliveries :one',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':one': N(1) },
          }),
        )
        .catch(ignoreConditionFailure);
    },

    /**
     * A record first written `held` whose delivery then changed under a concurrent update: mailed after
     * all, or counted in another incident (the one a rollover opened). Sets what it ended as.
     */
    async settle(
      detectionId: string,
      outcome: { incidentId: string; alertState?: AlertState; mail?: MailReason },
    ): Promise<void> {
      const mailed: Record<string, AttributeValue> =
        outcome.alertState && outcome.mail
          ? { ':state': S(outcome.alertState), ':mail': S(outcome.mail) }
          : {};
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: key(detectionId),
          UpdateExpression: `SET incidentId = :incident${mailed[':state'] ? ', alertState = :state, mail = :mail' : ''}`,
          ExpressionAttributeValues: { ':incident': S(outcome.incidentId), ...mailed },
        }),
      );
    },

    /**
     * Deletes a record written `held` (or `sent-fail-open`) under `incidentId` whose incident update
     * failed, so the retry writes and counts it again. A record mailed or settled since is kept.
     */
    async withdraw(detectionId: string, incidentId: string): Promise<void> {
      await client
        .send(
          new DeleteItemCommand({
            TableName: tableName,
            Key: key(detectionId),
            ConditionExpression: 'incidentId = :incident AND alertState IN (:held, :failOpen)',
            ExpressionAttributeValues: {
              ':incident': S(incidentId),
              ':held': S('held'),
              ':failOpen': S('sent-fail-open'),
            },
          }),
        )
        .catch(ignoreConditionFailure);
    },

    async get(detectionId: string): Promise<StoredDetection | undefined> {
      const result = await client.send(
        new GetItemCommand({ TableName: tableName, Key: key(detectionId), ConsistentRead: true }),
      );
      return result.Item ? toStored(result.Item) : undefined;
    },

    /**
     * Detections of one subject (decoy or kind) between two event times, oldest first; with
     * `incidentId`, only the calls of that incident (other kinds' incidents share the subject).
     */
    async timeline(
      subject: string,
      from: string,
      to: string,
      { incidentId, max = Number.POSITIVE_INFINITY }: { incidentId?: string; max?: number } = {},
    ): Promise<StoredDetection[]> {
      return query(
        {
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
          ...(incidentId ? { FilterExpression: 'incidentId = :incident' } : {}),
          ExpressionAttributeValues: {
            ':pk': S(subject),
            ':from': S(from),
            ':to': S(`${to}~`),
            ...(incidentId ? { ':incident': S(incidentId) } : {}),
          },
        },
        max,
      );
    },

    /** The newest detection of one decoy, or undefined. */
    async lastDetection(accountId: string, userName: string): Promise<Detection | undefined> {
      const [latest] = await query(
        {
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': S(keys.decoy(accountId, userName)) },
          ScanIndexForward: false,
          Limit: 1,
        },
        1,
      );
      return latest?.detection;
    },
  };
}

export type DetectionStore = ReturnType<typeof makeDetectionStore>;
