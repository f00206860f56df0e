// The cold-import baseline: a handler bundle that only creates the SDK clients detect-use creates.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';

const dynamo = new DynamoDBClient({});
const sns = new SNSClient({});

export const handler = async () => ({ dynamo: Boolean(dynamo), sns: Boolean(sns) });
