// One simulated Lambda execution environment for detect-use: a child process that imports the real
// handler module (configuration read once, clients built once, as in Lambda) and runs invocations
// the parent sends. The parent kills it to simulate a crash. Started by container.ts.
import { installClock } from './clock.ts';

const clock = installClock();
const { handler } = await import('../../src/handlers/detect-use.ts');
const { lambdaContext } = await import('../../src/local/lambda-context.ts');

interface InvokeMessage {
  id: number;
  now: number;
  event: unknown;
}

process.on('message', async (message: InvokeMessage) => {
  clock.set(message.now);
  try {
    // middy validates the raw event, as in Lambda; the cast only satisfies its typing.
    const result = await handler(message.event as Parameters<typeof handler>[0], lambdaContext('detect-use'));
    process.send?.({ id: message.id, ok: true, result });
  } catch (error) {
    const { name, message: text } = error instanceof Error ? error : new Error(String(error));
    process.send?.({ id: message.id, ok: false, error: `${name}: ${text}` });
  }
});
process.send?.({ ready: true });
