import { readFileSync } from 'node:fs';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { EnableSecurityHubCommand, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { makeSecurityHub, SecurityHubImportError } from '../../src/lib/aws/securityhub.ts';
import { findingIdOf, productTarget, toAsffFinding } from '../../src/lib/channels/asff.ts';
import { makeChannels } from '../../src/lib/channels/index.ts';
import type { Detection } from '../../src/lib/detect/detection.ts';
import { fixtureDetections } from '../support/detections.ts';
import { type Moto, motoClientConfig, startMoto } from '../support/moto.ts';

const ACCOUNT = '123456789012';
const PRODUCT_ARN = `arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`;
const detections = fixtureDetections();
const validateChat = new Ajv({ strict: true }).compile(
  JSON.parse(readFileSync('schemas/chatbot-custom-notification.json', 'utf8')),
);

let moto: Moto;
let sqs: SQSClient;
let hubClient: SecurityHubClient;
let clients: { sns: SNSClient; eventBridge: EventBridgeClient; securityHub: SecurityHubClient };
let queues: { chat: string; pager: string };
let chatTopicArn: string;

async function queue(name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}

/** Drains a queue until `count` messages arrived or nothing more comes. */
async function drain(url: string, count: number): Promise<string[]> {
  const bodies: string[] = [];
  for (let empty = 0; bodies.length < count && empty < 3; ) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    if (Messages.length === 0) empty += 1;
    bodies.push(...Messages.map((message) => message.Body ?? ''));
    if (Messages.length > 0)
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: Messages.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle!,
          })),
        }),
      );
  }
  return bodies;
}

async function allFindings() {
  return (await hubClient.send(new GetFindingsCommand({ MaxResults: 100 }))).Findings ?? [];
}

beforeAll(async () => {
  moto = await startMoto();
  const config = motoClientConfig(moto.endpoint);
  sqs = new SQSClient(config);
  hubClient = new SecurityHubClient(config);
  clients = {
    sns: new SNSClient(config),
    eventBridge: new EventBridgeClient(config),
    securityHub: hubClient,
  };
  await hubClient.send(new EnableSecurityHubCommand({}));
  // The documented routing: everything to chat (a queue stands in for the chat integration), critical to the pager.
  chatTopicArn = (await clients.sns.send(new CreateTopicCommand({ Name: 'honeytrail-test-chat' }))).TopicArn!;
  const chat = await queue('chat');
  await clients.sns.send(
    new SubscribeCommand({
      TopicArn: chatTopicArn,
      Protocol: 'sqs',
      Endpoint: chat.arn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  const pager = await queue('pager');
  await clients.eventBridge.send(
    new PutRuleCommand({
      Name: 'honeytrail-pager',
      EventPattern: readFileSync('docs/examples/pager-critical-rule.json', 'utf8'),
    }),
  );
  await clients.eventBridge.send(
    new PutTargetsCommand({ Rule: 'honeytrail-pager', Targets: [{ Id: 'pager', Arn: pager.arn }] }),
  );
  queues = { chat: chat.url, pager: pager.url };
}, 60_000);

afterAll(async () => {
  await moto?.stop();
});

describe('routing: critical to the pager, everything to chat, everything to Security Hub', () => {
  it('delivers each detection once to each channel, over the wire', async () => {
    // Up to three of each alert kind keeps the run short; both severities are among them.
    const sample = ['use', 'tamper', 'detector-tamper', 'audit', 'safety-net'].flatMap((kind) =>
      detections.filter((detection) => detection.kind === kind).slice(0, 3),
    );
    const channels = makeChannels(
      {
        TOPIC_ARN: `arn:aws:sns:us-east-1:${ACCOUNT}:honeytrail-test-alerts`,
        CHAT_TOPIC_ARN: chatTopicArn,
        EVENT_BUS_NAME: 'default',
        SECURITY_HUB_PRODUCT_ARN: PRODUCT_ARN,
      },
      clients,
    );
    expect(channels.names).toEqual(['chat', 'events', 'securityHub']);
    for (const detection of sample) {
      const outcomes = await channels.deliver({ notice: 'detection', detection });
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['sent', 'sent', 'sent']);
    }

    const chat = await drain(queues.chat, sample.length);
    expect(chat).toHaveLength(sample.length);
    for (const body of chat) expect(validateChat(JSON.parse(body))).toBe(true);
    expect(new Set(chat.map((body) => JSON.parse(body).metadata.threadId))).toEqual(
      new Set(sample.map((detection) => detection.id)),
    );

    const critical = sample.filter((detection) => detection.severity === 'critical');
    expect(critical.length).toBeGreaterThan(0);
    expect(critical.length).toBeLessThan(sample.length);
    const paged = await drain(queues.pager, critical.length + 1);
    expect(paged.map((body) => JSON.parse(body).detail.detection.id).sort()).toEqual(
      critical.map((detection) => detection.id).sort(),
    );

    const findings = await allFindings();
    expect(findings.map((finding) => finding.Id).sort()).toEqual(
      sample.map((detection) => findingIdOf(productTarget(PRODUCT_ARN), detection.id)).sort(),
    );
  }, 120_000);
});

describe('Security Hub findings', () => {
  const hub = () => makeSecurityHub({ client: hubClient });
  const target = productTarget(PRODUCT_ARN);
  const decoyUse = (): Detection =>
    detections.find((detection) => detection.kind === 'use' && detection.event.accessKeyId)!;

  it('imports a detection as ASFF that GetFindings returns field by field', async () => {
    const detection = decoyUse();
    await hub().importFindings([toAsffFinding({ notice: 'detection', detection }, target)]);
    const finding = (await allFindings()).find((item) => item.Id === findingIdOf(target, detection.id));
    expect(finding).toMatchObject({
      SchemaVersion: '2018-10-08',
      ProductArn: PRODUCT_ARN,
      AwsAccountId: ACCOUNT,
      GeneratorId: `honeytrail/use/${detection.category}`,
      CreatedAt: detection.event.time,
      Severity: { Label: detection.severity.toUpperCase() },
      Title: detection.title,
      Workflow: { Status: 'NEW' },
    });
    expect(finding?.Types).toEqual([
      'TTPs/Initial Access/Valid Accounts',
      'Unusual Behaviors/User/Decoy Credential Use',
    ]);
    expect(finding?.Resources?.map((resource) => [resource.Type, resource.Id])).toEqual([
      ['AwsIamUser', `arn:aws:iam::${detection.decoy!.accountId}:user/${detection.decoy!.userName}`],
      ['AwsIamAccessKey', detection.event.accessKeyId],
    ]);
    expect(finding?.ProductFields).toMatchObject({
      'honeytrail/verdict': detection.actor.verdict,
      'honeytrail/userAgent': detection.actor.userAgent,
      'honeytrail/reasons': detection.actor.reasons.join(' | '),
    });
  });

  it('updates the same finding on re-import instead of adding one', async () => {
    const detection = decoyUse();
    const id = findingIdOf(target, detection.id);
    const before = (await allFindings()).length;
    await hub().importFindings([
      toAsffFinding(
        {
          notice: 'escalation',
          detection,
          incident: { id: 'HT-7K3M-Q2XD', status: 'open' },
          at: '2026-11-25T12:00:00Z',
        },
        target,
      ),
    ]);
    const after = await allFindings();
    expect(after).toHaveLength(before);
    const finding = after.find((item) => item.Id === id);
    expect(finding?.UpdatedAt).toBe('2026-11-25T12:00:00Z');
    expect(finding?.CreatedAt).toBe(detection.event.time);
    expect(finding?.ProductFields?.['honeytrail/incidentId']).toBe('HT-7K3M-Q2XD');
  });

  it('creates the finding of a resolved incident with workflow status RESOLVED', async () => {
    // Not among the routing sample: this import creates the finding.
    const detection = detections.filter((item) => item.kind === 'tamper').at(-1)!;
    await hub().importFindings([
      toAsffFinding(
        {
          notice: 'escalation',
          detection,
          incident: { id: 'HT-RSLV-0001', status: 'resolved', statusAt: '2026-11-26T08:00:00Z' },
          at: '2026-11-26T08:00:00Z',
        },
        target,
      ),
    ]);
    const finding = (await allFindings()).find((item) => item.Id === findingIdOf(target, detection.id));
    expect(finding?.Workflow).toEqual({ Status: 'RESOLVED' });
    const ofIncident = await hub().findingsOfIncident(PRODUCT_ARN, 'HT-RSLV-0001');
    expect(ofIncident.map((item) => item.Id)).toEqual([findingIdOf(target, detection.id)]);
  });

  it('counts a refused finding as a failed delivery, with Security Hub’s reason', async () => {
    const finding = toAsffFinding({ notice: 'detection', detection: decoyUse() }, target);
    await expect(hub().importFindings([{ ...finding, Resources: [] }])).rejects.toThrow(
      SecurityHubImportError,
    );
    await expect(hub().importFindings([{ ...finding, Resources: [] }])).rejects.toThrow(
      /refused 1 of 1 finding/,
    );
  });
});
