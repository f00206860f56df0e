import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';

export const S = (value: string): AttributeValue => ({ S: value });
export const N = (value: number): AttributeValue => ({ N: String(value) });

/** The TTL attribute value: epoch seconds `retentionDays` after `fromMs`. */
export const expiryAfter = (fromMs: number, retentionDays: number): number =>
  Math.floor(fromMs / 1000) + retentionDays * 86_400;

/** Every item of a Query, page after page, stopping once `max` items were read. */
export async function queryItems(
  client: DynamoDBClient,
  input: ConstructorParameters<typeof QueryCommand>[0],
  max = Number.POSITIVE_INFINITY,
): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey && items.length < max);
  return items.slice(0, max);
}
