import {
  type AttributeValue,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { expiryAfter, N, S } from './attributes.ts';
import { keys } from './keys.ts';

/** One audit run, and the findings still open with the time each was first seen. */
export interface AuditSummary {
  runAt: string;
  accountId: string;
  region: string;
  decoysChecked: number;
  /** Decoys in other accounts, which this run could not see. */
  skipped: string[];
  findings: number;
  /** Finding key → ISO time first seen open. Carries ids over from run to run. */
  open: Record<string, string>;
}

const LATEST = { pk: S('AUDIT#latest'), sk: S('AUDIT') };

export interface AuditStoreOptions {
  tableName: string;
  retentionDays: number;
  client?: DynamoDBClient;
}

/** Audit additions to the single table; the same client and layout as the detection store. */
export function makeAuditStore({
  tableName,
  retentionDays,
  client = new DynamoDBClient({}),
}: AuditStoreOptions) {
  return {
    /**
     * Event time of the newest detection that proves the decoy's key was seen in use (`use` or
     * `safety-net`). Audit findings on the decoy do not count: they say nothing about its key.
     */
    async lastSighting(accountId: string, userName: string): Promise<string | undefined> {
      let startKey: Record<string, AttributeValue> | undefined;
      let pages = 0;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            FilterExpression: 'kind IN (:use, :net)',
            ExpressionAttributeValues: {
              ':pk': S(keys.decoy(accountId, userName)),
              ':use': S('use'),
              ':net': S('safety-net'),
            },
            ProjectionExpression: 'eventTime',
            ScanIndexForward: false,
            ExclusiveStartKey: startKey,
            Limit: 100,
          }),
        );
        const first = page.Items?.[0]?.eventTime?.S;
        if (first) return first;
        startKey = page.LastEvaluatedKey;
        pages += 1;
      } while (startKey && pages < 20);
      return undefined;
    },

    async latestSummary(): Promise<AuditSummary | undefined> {
      const result = await client.send(
        new GetItemCommand({ TableName: tableName, Key: LATEST, ConsistentRead: true }),
      );
      const body = result.Item?.summary?.S;
      return body ? (JSON.parse(body) as AuditSummary) : undefined;
    },

    /** Replaces the latest summary and keeps a dated copy for the retention period. */
    async saveSummary(summary: AuditSummary): Promise<void> {
      const body = S(JSON.stringify(summary));
      const expiresAt = N(expiryAfter(Date.parse(summary.runAt), retentionDays));
      const common = { summary: body, runAt: S(summary.runAt), findings: N(summary.findings) };
      // Dated copy first: if the second write fails, the next run still sees the previous latest.
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { pk: S('AUDIT#run'), sk: S(summary.runAt), ...common, expiresAt },
        }),
      );
      await client.send(new PutItemCommand({ TableName: tableName, Item: { ...LATEST, ...common } }));
    },
  };
}

export type AuditStore = ReturnType<typeof makeAuditStore>;
