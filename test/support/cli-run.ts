import { type AttributeValue, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { main } from '../../src/cli/main.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `honeytrail ARGS...` in-process through the real entry point, capturing its output. */
export async function honeytrail(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'honeytrail', ...args], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

/** Every item of a table, sorted by key: compare before and after to prove nothing changed. */
export async function tableItems(tableName: string): Promise<Record<string, AttributeValue>[]> {
  const client = new DynamoDBClient({});
  const items: Record<string, AttributeValue>[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  client.destroy();
  const key = (item: Record<string, AttributeValue>) => `${item.pk?.S}|${item.sk?.S}`;
  return items.sort((a, b) => key(a).localeCompare(key(b)));
}
