import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { ASYNC_INVOKE, ASYNC_RETRY_DELAYS_SECONDS } from '../../deploy/delivery.ts';
import { ReplayInvokeError } from '../../src/lib/queue/invoke.ts';
import { redriveQueue } from '../../src/lib/queue/redrive.ts';
import { startLocalStack } from '../../src/local/stack.ts';
import { cloudTrailEvent } from '../support/events.ts';
import { makeSimQueue } from '../support/sim-queue.ts';
import { type Container, makeContainer } from './container.ts';
import { startSnsProxy, startTcpProxy, startThrottlingProxy } from './proxies.ts';
import type { Outcome, Scenario } from './scenarios.ts';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:honeytrail-faults-detectUse';
const REDRIVE_EVERY_SECONDS = 300;
/** The simulation gives up this long after the first event: the DLQ's one-day alarm is far beyond it. */
const HORIZON_SECONDS = 6 * 3600;

export interface SimulationOptions {
  events?: number;
  /** Simulated seconds between two events. */
  spacingSeconds?: number;
  log?: (line: string) => void;
}

type Task =
  | {
      at: number;
      kind: 'invoke';
      event: ReturnType<typeof cloudTrailEvent>;
      attempt: number;
      firstAt: number;
    }
  | { at: number; kind: 'redrive' };

const port = (url: string | undefined) => Number(new URL(url ?? '').port);

/**
 * Runs one scenario: the local stack behind fault-injecting proxies, the real detect-use handler in
 * a child process, Lambda's asynchronous retry policy and on-failure queue as the stack deploys them
 * (deploy/delivery.ts), then the automatic redrive every 5 minutes, all on a simulated clock.
 */
export async function simulate(scenario: Scenario, options: SimulationOptions = {}): Promise<Outcome> {
  const { events: count = 20, spacingSeconds = 3, log = () => {} } = options;
  const tableName = `faults-${scenario.name.replace(/\W+/g, '-').toLowerCase()}`;
  const stack = await startLocalStack({ tableName });
  const start = Date.now();
  let simNow = start;
  let container: Container | undefined;
  const dynamo = await startTcpProxy(port(stack.env.AWS_ENDPOINT_URL_DYNAMODB));
  // Only storms put the throttling proxy in the path: it answers 502, not a refused connection, when
  // the TCP proxy behind it is down, which would change what the other scenarios test.
  const throttle = scenario.storm ? await startThrottlingProxy(port(dynamo.url)) : undefined;
  const sns = await startSnsProxy(port(stack.env.AWS_ENDPOINT_URL_SNS), () => container?.crash());
  const lambda = makeContainer({
    ...stack.env,
    AWS_ENDPOINT_URL_DYNAMODB: (throttle ?? dynamo).url,
    AWS_ENDPOINT_URL_SNS: sns.url,
    DECOYS_FILE: 'test/events/decoys.yml',
  });
  container = lambda;
  for (const { fault, times } of scenario.publishFaults ?? []) sns.inject(fault, times);
  const dlq = makeSimQueue('sim://honeytrail-faults-failed-invocations', () => simNow);
  const elapsed = () => (simNow - start) / 1000;
  const within = (window: { from: number; to: number } | undefined) =>
    Boolean(window && elapsed() >= window.from && elapsed() < window.to);
  const applyFaults = () => {
    throttle?.setThrottling(within(scenario.storm?.throttled));
    return dynamo.setDown(within(scenario.dynamoDown));
  };

  // Each call is dated a day and an hour after the last, so each opens its own incident and must be
  // mailed: every event is an alert that may not be lost. (Arrival times stay `spacingSeconds` apart.)
  // In a storm they are one attack: denied calls seconds apart from one address, one incident.
  const events = Array.from({ length: count }, (_, i) =>
    scenario.storm
      ? cloudTrailEvent({
          sourceIPAddress: '198.51.100.7',
          eventName: i === 0 ? 'GetCallerIdentity' : 'ListUsers',
          eventSource: i === 0 ? 'sts.amazonaws.com' : 'iam.amazonaws.com',
          ...(i === 0 ? {} : { errorCode: 'AccessDenied' }),
          eventTime: new Date(start + i * spacingSeconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
        })
      : cloudTrailEvent({
          sourceIPAddress: `198.51.100.${i + 1}`,
          eventTime: new Date(start + i * 25 * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        }),
  );
  const tasks: Task[] = events.map((event, i) => ({
    at: start + i * spacingSeconds * 1000,
    kind: 'invoke',
    event,
    attempt: 1,
    firstAt: start + i * spacingSeconds * 1000,
  }));
  tasks.push({ at: start + REDRIVE_EVERY_SECONDS * 1000, kind: 'redrive' });
  let invocations = 0;
  let lastActivity = start;
  const arrivedAt = new Map(
    tasks.map((task) => [task.kind === 'invoke' ? task.event.detail.eventID : '', task.at]),
  );
  /** Simulated seconds from each event's arrival to the first invocation that succeeded for it. */
  const delays = new Map<string, number>();

  const invoke = async (event: ReturnType<typeof cloudTrailEvent>) => {
    invocations += 1;
    await applyFaults();
    const outcome = await lambda.invoke(event, simNow);
    const id = event.detail.eventID;
    if (outcome.ok && !delays.has(id)) delays.set(id, (simNow - (arrivedAt.get(id) ?? simNow)) / 1000);
    return outcome;
  };

  try {
    while (tasks.length > 0 && elapsed() <= HORIZON_SECONDS) {
      tasks.sort((a, b) => a.at - b.at);
      const task = tasks.shift();
      if (!task) break;
      simNow = Math.max(simNow, task.at);
      if (task.kind === 'invoke') {
        const outcome = await invoke(task.event);
        lastActivity = simNow;
        if (outcome.ok) continue;
        log(`t=${elapsed().toFixed(0)}s attempt ${task.attempt} failed: ${outcome.error}`);
        const delay = ASYNC_RETRY_DELAYS_SECONDS[task.attempt - 1];
        const retryAt = simNow + (delay ?? 0) * 1000;
        const tooOld = retryAt - task.firstAt > ASYNC_INVOKE.MaximumEventAgeInSeconds * 1000;
        if (task.attempt <= ASYNC_INVOKE.MaximumRetryAttempts && delay !== undefined && !tooOld) {
          tasks.push({ ...task, at: retryAt, attempt: task.attempt + 1 });
          continue;
        }
        // Lambda's record for the on-failure destination.
        dlq.send(
          JSON.stringify({
            version: '1.0',
            timestamp: new Date(simNow).toISOString(),
            requestContext: {
              requestId: `req-${invocations}`,
              functionArn: `${FUNCTION_ARN}:$LATEST`,
              condition: tooOld ? 'EventAgeExceeded' : 'RetriesExhausted',
              approximateInvokeCount: task.attempt,
            },
            requestPayload: task.event,
            responsePayload: { errorMessage: outcome.error },
          }),
        );
        continue;
      }
      const summary = await redriveQueue({
        queue: dlq,
        now: () => simNow,
        invoker: {
          async invoke(functionArn, event) {
            if (!functionArn.startsWith(FUNCTION_ARN))
              throw new ReplayInvokeError(`unknown function ${functionArn}`);
            const outcome = await invoke(event as ReturnType<typeof cloudTrailEvent>);
            if (!outcome.ok) throw new ReplayInvokeError(outcome.error);
          },
        },
        report: (line) => log(`t=${elapsed().toFixed(0)}s redrive ${line}`),
      });
      if (summary.redriven > 0) lastActivity = simNow;
      const busy = tasks.some((next) => next.kind === 'invoke');
      if (busy || summary.waiting > 0)
        tasks.push({ at: simNow + REDRIVE_EVERY_SECONDS * 1000, kind: 'redrive' });
    }
    await dynamo.setDown(false);
    throttle?.setThrottling(false);
    const alerts = await stack.inbox.settle(500);
    const ids = alerts.map((alert) => (JSON.parse(alert.json) as { id: string }).id);
    const delivered = new Set(ids);
    const { states: stored, counted } = await tableRows(stack.env, tableName);
    const ourEvents = new Set(events.map((event) => event.detail.eventID));
    const deliveredOurs = [...delivered].filter((id) => ourEvents.has(id.split(':')[0] ?? '')).length;
    const reached = scenario.storm ? Math.min(counted, count) : deliveredOurs;
    return {
      scenario: scenario.name,
      events: count,
      delivered: reached,
      lost: count - reached,
      duplicated: scenario.storm ? Math.max(0, counted - count) : ids.length - delivered.size,
      mails: ids.length,
      stored: stored.length,
      pending: stored.filter((state) => state === 'pending').length,
      leftInDlq: await dlq.depth(),
      invocations,
      slowestSeconds: Math.round(Math.max(0, ...delays.values())),
      simulatedMinutes: Math.round((lastActivity - start) / 60_000),
    };
  } finally {
    await lambda.stop();
    await Promise.all([dynamo.stop(), sns.stop(), throttle?.stop()]);
    await stack.stop();
  }
}

/**
 * Read straight from dynalite (not through the proxies): the alert state of every stored detection,
 * and the calls all incidents counted.
 */
async function tableRows(env: Record<string, string>, tableName: string) {
  const client = new DynamoDBClient({
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const states: string[] = [];
  let counted = 0;
  for await (const page of paginateScan({ client }, { TableName: tableName }))
    for (const item of page.Items ?? []) {
      if (item.pk?.S?.startsWith('DET#')) states.push(item.alertState?.S ?? '?');
      if (item.pk?.S?.startsWith('SCOPE#')) counted += Number(item.calls?.N ?? 0);
    }
  client.destroy();
  return { states, counted };
}
