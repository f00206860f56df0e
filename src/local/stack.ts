import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import dynalite from 'dynalite';
import express, { type NextFunction, type Request, type Response } from 'express';
import { tableDefinition } from '../lib/store/table.ts';
import { type Inbox, startInbox } from './inbox.ts';

export const LOCAL_ACCOUNT = '123456789012';
export const LOCAL_REGION = 'us-east-1';

type SnsServerClass = new (
  debug: (msg: string) => void,
  app: express.Express,
  region: string,
  account: string,
) => unknown;

async function loadSnsServer(): Promise<SnsServerClass> {
  // The package's exports map hides the standalone server, so load it by file path.
  const entry = createRequire(import.meta.url).resolve('serverless-offline-sns');
  const module = (await import(pathToFileURL(join(dirname(entry), 'sns-server.js')).href)) as {
    SNSServer: SnsServerClass;
  };
  return module.SNSServer;
}

function snsError(res: Response, message: string): void {
  res
    .status(400)
    .type('text/xml')
    .send(
      `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>${message}</Message></Error><RequestId>local</RequestId></ErrorResponse>`,
    );
}

/** Rejects what real SNS rejects and the emulator lets through, so local runs fail like production would. */
function enforceSnsLimits(req: Request, res: Response, next: NextFunction): void {
  const body = req.body as Record<string, string | undefined>;
  if (body.Action !== 'Publish') {
    next();
    return;
  }
  const subject = body.Subject;
  if (
    subject !== undefined &&
    (subject.length > 100 || subject.length === 0 || /[^\x20-\x7e]/.test(subject))
  ) {
    snsError(res, 'Invalid parameter: Subject must be ASCII text of at most 100 printable characters');
    return;
  }
  if (Buffer.byteLength(body.Message ?? '') > 256 * 1024) {
    snsError(res, 'Invalid parameter: Message too long');
    return;
  }
  if (body.MessageStructure === 'json') {
    try {
      const bodies = JSON.parse(body.Message ?? '') as Record<string, unknown>;
      if (typeof bodies.default !== 'string') throw new Error('no default');
    } catch {
      snsError(res, 'Invalid parameter: Message Structure - No default entry in JSON message body');
      return;
    }
    // The emulator drops MessageAttributes (and so filter policies) for JSON-structured messages;
    // real SNS keeps them. Hand it the message unstructured and let the inbox pick the protocol body.
    body.MessageStructure = undefined;
    body.HoneytrailStructured = 'json';
  }
  next();
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

export interface LocalStack {
  env: Record<string, string>;
  inbox: Inbox;
  stop(): Promise<void>;
}

/** DynamoDB (dynalite) + SNS (serverless-offline-sns) + an HTTP inbox, all on loopback, on free ports. */
export async function startLocalStack({
  tableName = 'honeytrail-prod-detections',
  topicName = 'honeytrail-alerts',
} = {}): Promise<LocalStack> {
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }) as Server;
  const dynamoPort = await listen(dynamo);

  const app = express();
  app.use(express.urlencoded({ extended: true, limit: '10mb' }), enforceSnsLimits);
  const SNSServer = await loadSnsServer();
  new SNSServer(() => {}, app, LOCAL_REGION, LOCAL_ACCOUNT);
  const { createServer } = await import('node:http');
  const sns = createServer(app);
  const snsPort = await listen(sns);
  const inbox = await startInbox();

  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const dynamoEndpoint = `http://127.0.0.1:${dynamoPort}`;
  const snsEndpoint = `http://127.0.0.1:${snsPort}`;
  const ddb = new DynamoDBClient({ region: LOCAL_REGION, endpoint: dynamoEndpoint, credentials });
  await ddb.send(new CreateTableCommand(tableDefinition(tableName)));
  const snsClient = new SNSClient({ region: LOCAL_REGION, endpoint: snsEndpoint, credentials });
  const topic = await snsClient.send(new CreateTopicCommand({ Name: topicName }));
  await snsClient.send(
    new SubscribeCommand({ TopicArn: topic.TopicArn, Protocol: 'http', Endpoint: inbox.url }),
  );
  ddb.destroy();
  snsClient.destroy();

  const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    env: {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
      AWS_ENDPOINT_URL_SNS: snsEndpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      TABLE_NAME: tableName,
      TOPIC_ARN: topic.TopicArn ?? '',
    },
    inbox,
    async stop() {
      sns.closeAllConnections();
      await Promise.all([close(dynamo), close(sns), inbox.close()]);
    },
  };
}
