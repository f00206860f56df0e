import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { expiryAfter, N, S } from './attributes.ts';

/** The Tor exit list as the audit last fetched it: one item, read by the detectors once an hour. */
export interface StoredTorList {
  fetchedAt: string;
  source: string;
  addresses: string[];
}

const KEY = { pk: S('TOR#exits'), sk: S('LIST') };

export function makeTorStore({
  tableName,
  client,
  now = Date.now,
}: {
  tableName: string;
  client: DynamoDBClient;
  now?: () => number;
}) {
  return {
    async get(): Promise<StoredTorList | undefined> {
      const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: KEY }));
      if (!Item?.fetchedAt?.S) return undefined;
      return {
        fetchedAt: Item.fetchedAt.S,
        source: Item.source?.S ?? '',
        addresses: Item.addresses?.SS ?? [],
      };
    },
    async put(list: StoredTorList): Promise<void> {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...KEY,
            fetchedAt: S(list.fetchedAt),
            source: S(list.source),
            addresses: { SS: list.addresses },
            count: N(list.addresses.length),
            expiresAt: N(expiryAfter(now(), 30)),
          },
        }),
      );
    },
  };
}

export type TorStore = ReturnType<typeof makeTorStore>;
