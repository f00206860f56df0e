import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One alert as the SOC receives it: the e-mail rendering and the machine JSON. */
export interface ReceivedAlert {
  subject: string;
  email: string;
  json: string;
  attributes: Record<string, string>;
}

interface Notification {
  Type?: string;
  Subject?: string;
  Message?: string;
  MessageStructure?: string;
  MessageAttributes?: Record<string, { Value?: string; Type?: string }>;
}

function structuredBodies(message: string): Record<string, string> | undefined {
  if (!message.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(message) as Record<string, unknown>;
    return typeof parsed.default === 'string' && typeof parsed.email === 'string'
      ? (parsed as Record<string, string>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Picks what each protocol would get, as real SNS does for MessageStructure=json. */
function toAlert(notification: Notification): ReceivedAlert {
  const message = notification.Message ?? '';
  let email = message;
  let json = message;
  const bodies = structuredBodies(message);
  if (bodies) {
    email = bodies.email ?? bodies.default ?? '';
    json = bodies.http ?? bodies.default ?? '';
  }
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(notification.MessageAttributes ?? {})) {
    attributes[name] = value.Value ?? '';
  }
  return { subject: notification.Subject ?? '', email, json, attributes };
}

/** A local HTTP endpoint subscribed to the topic: the SOC's inbox in local runs and tests. */
export async function startInbox() {
  const alerts: ReceivedAlert[] = [];
  const waiters: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        alerts.push(toAlert(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Notification));
        for (const wake of waiters.splice(0)) wake();
        res.writeHead(200).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/inbox`,
    alerts,
    /** Waits until at least `count` alerts arrived, or `ms` passed. Returns what arrived. */
    async waitFor(count: number, ms = 3000): Promise<ReceivedAlert[]> {
      const deadline = Date.now() + ms;
      while (alerts.length < count && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return [...alerts];
    },
    /** Lets in-flight deliveries land, so a test can prove that no extra alert arrives. */
    async settle(ms = 300): Promise<ReceivedAlert[]> {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return [...alerts];
    },
    clear: () => {
      alerts.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Inbox = Awaited<ReturnType<typeof startInbox>>;
