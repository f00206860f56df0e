import {
  createServer as createHttpServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer, type Socket } from 'node:net';

const listen = (server: Server | ReturnType<typeof createTcpServer>, port = 0) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

/**
 * A loopback TCP proxy that can refuse connections: `down()` drops every open connection and stops
 * listening (clients get ECONNREFUSED), `up()` listens on the same port again.
 */
export async function startTcpProxy(targetPort: number) {
  const sockets = new Set<Socket>();
  const server = createTcpServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const port = await listen(server);
  let down = false;
  return {
    url: `http://127.0.0.1:${port}`,
    async setDown(value: boolean): Promise<void> {
      if (value === down) return;
      down = value;
      if (value) {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const socket of sockets) socket.destroy();
        });
      } else {
        await listen(server, port);
      }
    },
    async stop(): Promise<void> {
      for (const socket of sockets) socket.destroy();
      if (!down) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What the SNS proxy does to the next Publish requests, in order. */
export type PublishFault = 'error-500' | 'lose-reply' | 'crash-after-publish';

const INTERNAL_ERROR =
  '<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code><Message>injected fault</Message></Error><RequestId>fault</RequestId></ErrorResponse>';

type Reply = { status: number; headers: IncomingHttpHeaders; body: Buffer };

/**
 * A loopback HTTP proxy that reads each request whole and hands it to `handle`, with `forward` to
 * pass it on to the target and get the whole reply back. `stop` closes every connection.
 */
async function startBufferingProxy(
  targetPort: number,
  handle: (
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    forward: (onReply: (reply: Reply) => void) => void,
  ) => void,
) {
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      handle(req, res, body, (onReply) => {
        const upstream = request(
          { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
          (reply) => {
            const replyChunks: Buffer[] = [];
            reply.on('data', (chunk: Buffer) => replyChunks.push(chunk));
            reply.on('end', () =>
              onReply({
                status: reply.statusCode ?? 502,
                headers: reply.headers,
                body: Buffer.concat(replyChunks),
              }),
            );
          },
        );
        upstream.on('error', () => res.writeHead(502).end());
        upstream.end(body);
      });
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    stop(): Promise<void> {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const pass = (res: ServerResponse) => (reply: Reply) =>
  res.writeHead(reply.status, reply.headers).end(reply.body);

/**
 * A loopback HTTP proxy in front of the SNS emulator. Each Publish takes the next queued fault:
 * answer 500 without delivering; deliver and then drop the connection (the reply is lost); deliver and
 * then call `onCrash` (the caller kills the process that sent it). Other requests pass through.
 */
export async function startSnsProxy(targetPort: number, onCrash: () => void) {
  const faults: PublishFault[] = [];
  const counts = { publishes: 0, faulted: 0 };
  const proxy = await startBufferingProxy(targetPort, (req, res, body, forward) => {
    const isPublish = new URLSearchParams(body.toString('utf8')).get('Action') === 'Publish';
    if (isPublish) counts.publishes += 1;
    const fault = isPublish ? faults.shift() : undefined;
    if (fault) counts.faulted += 1;
    if (fault === 'error-500') {
      res.writeHead(500, { 'content-type': 'text/xml' }).end(INTERNAL_ERROR);
      return;
    }
    forward((reply) => {
      if (fault === 'crash-after-publish') onCrash();
      if (fault === 'lose-reply' || fault === 'crash-after-publish') {
        req.socket.destroy();
        return;
      }
      pass(res)(reply);
    });
  });
  return {
    ...proxy,
    counts,
    inject(fault: PublishFault, times = 1): void {
      for (let i = 0; i < times; i += 1) faults.push(fault);
    },
  };
}

const THROTTLED = JSON.stringify({
  __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
  message: 'injected: the incident item is over its partition write limit',
});

/**
 * A loopback HTTP proxy in front of DynamoDB that, while `setThrottling(true)`, answers every
 * UpdateItem on an incident item (`SCOPE#…`) with a ThrottlingException, as DynamoDB does when one
 * hot item is written faster than its partition allows. Everything else passes through.
 */
export async function startThrottlingProxy(targetPort: number) {
  let throttling = false;
  const counts = { throttled: 0 };
  const proxy = await startBufferingProxy(targetPort, (req, res, body, forward) => {
    if (throttling && String(req.headers['x-amz-target'] ?? '').endsWith('.UpdateItem')) {
      const key = (JSON.parse(body.toString('utf8')) as { Key?: { pk?: { S?: string } } }).Key?.pk?.S;
      if (key?.startsWith('SCOPE#')) {
        counts.throttled += 1;
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' }).end(THROTTLED);
        return;
      }
    }
    forward(pass(res));
  });
  return {
    ...proxy,
    counts,
    setThrottling(value: boolean): void {
      throttling = value;
    },
  };
}
