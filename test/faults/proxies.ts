import { createServer as createHttpServer, request, type Server } from 'node:http';
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

/**
 * A loopback HTTP proxy in front of the SNS emulator. Each Publish takes the next queued fault:
 * answer 500 without delivering; deliver and then drop the connection (the reply is lost); deliver and
 * then call `onCrash` (the caller kills the process that sent it). Other requests pass through.
 */
export async function startSnsProxy(targetPort: number, onCrash: () => void) {
  const faults: PublishFault[] = [];
  const counts = { publishes: 0, faulted: 0 };
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const isPublish = new URLSearchParams(body.toString('utf8')).get('Action') === 'Publish';
      if (isPublish) counts.publishes += 1;
      const fault = isPublish ? faults.shift() : undefined;
      if (fault) counts.faulted += 1;
      if (fault === 'error-500') {
        res.writeHead(500, { 'content-type': 'text/xml' }).end(INTERNAL_ERROR);
        return;
      }
      const upstream = request(
        { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
        (reply) => {
          const replyChunks: Buffer[] = [];
          reply.on('data', (chunk: Buffer) => replyChunks.push(chunk));
          reply.on('end', () => {
            if (fault === 'lose-reply') {
              req.socket.destroy();
              return;
            }
            if (fault === 'crash-after-publish') {
              onCrash();
              req.socket.destroy();
              return;
            }
            res.writeHead(reply.statusCode ?? 502, reply.headers).end(Buffer.concat(replyChunks));
          });
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(body);
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    inject(fault: PublishFault, times = 1): void {
      for (let i = 0; i < times; i += 1) faults.push(fault);
    },
    stop(): Promise<void> {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
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
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const target = String(req.headers['x-amz-target'] ?? '');
      if (throttling && target.endsWith('.UpdateItem')) {
        const key = (JSON.parse(body.toString('utf8')) as { Key?: { pk?: { S?: string } } }).Key?.pk?.S;
        if (key?.startsWith('SCOPE#')) {
          counts.throttled += 1;
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' }).end(THROTTLED);
          return;
        }
      }
      const upstream = request(
        { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
        (reply) => {
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(body);
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    setThrottling(value: boolean): void {
      throttling = value;
    },
    stop(): Promise<void> {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
