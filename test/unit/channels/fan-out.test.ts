import {
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { describe, expect, it } from '@jest/globals';
import { mockClient } from 'aws-sdk-client-mock';
import { makeSecurityHub, SecurityHubImportError } from '../../../src/lib/aws/securityhub.ts';
import {
  type Channel,
  ChannelDeliveryError,
  channelsFromConfig,
  fanOut,
} from '../../../src/lib/channels/index.ts';
import type { ChannelNotice } from '../../../src/lib/channels/notice.ts';
import { loadConfig } from '../../../src/lib/config.ts';
import { fixtureDetections } from '../../support/detections.ts';

const notice: ChannelNotice = { notice: 'detection', detection: fixtureDetections()[0]! };

function recording(name: Channel['name'], fail = false) {
  const seen: ChannelNotice[] = [];
  const channel: Channel = {
    name,
    async send(sent) {
      seen.push(sent);
      if (fail) throw new Error(`${name} is down`);
      return 'sent';
    },
  };
  return { channel, seen };
}

const env = {
  TABLE_NAME: 'honeytrail-dev',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:honeytrail-dev-alerts',
};

describe('the channel fan-out', () => {
  it('tries every channel even when one fails, then names the failure and what was sent', async () => {
    const chat = recording('chat');
    const events = recording('events', true);
    const hub = recording('securityHub');
    const channels = fanOut([chat.channel, events.channel, hub.channel]);
    const error = (await channels.deliver(notice).catch((caught: unknown) => caught)) as ChannelDeliveryError;
    expect(error).toBeInstanceOf(ChannelDeliveryError);
    expect(error.message).toBe('1 channel(s) failed: events: events is down');
    expect(error.failed).toEqual(['events']);
    expect(error.outcomes.map((outcome) => [outcome.channel, outcome.status])).toEqual([
      ['chat', 'sent'],
      ['events', 'failed'],
      ['securityHub', 'sent'],
    ]);
    expect([chat.seen.length, events.seen.length, hub.seen.length]).toEqual([1, 1, 1]);
  });

  it('sends a retry to the failed channels only', async () => {
    const chat = recording('chat');
    const events = recording('events');
    const outcomes = await fanOut([chat.channel, events.channel]).deliver(notice, { only: ['events'] });
    expect(outcomes).toEqual([{ channel: 'events', status: 'sent' }]);
    expect(chat.seen).toHaveLength(0);
  });

  it('enables a channel only when its setting is present, read through the config schema', () => {
    expect(channelsFromConfig(loadConfig(env)).map((channel) => channel.name)).toEqual([]);
    const all = loadConfig({
      ...env,
      CHAT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:honeytrail-dev-chat',
      EVENT_BUS_NAME: 'default',
      SECURITY_HUB_PRODUCT_ARN: 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default',
    });
    expect(channelsFromConfig(all).map((channel) => channel.name)).toEqual(['chat', 'events', 'securityHub']);
    // An unset parameter arrives as an empty string from the template.
    expect(
      channelsFromConfig(
        loadConfig({ ...env, CHAT_TOPIC_ARN: '', EVENT_BUS_NAME: '', SECURITY_HUB_PRODUCT_ARN: '' }),
      ),
    ).toEqual([]);
  });

  it('refuses a product ARN that is not the account’s own default product, naming the setting', () => {
    expect(() =>
      loadConfig({
        ...env,
        SECURITY_HUB_PRODUCT_ARN: 'arn:aws:securityhub:us-east-1:123456789012:product/999999999999/default',
      }),
    ).toThrow(/SECURITY_HUB_PRODUCT_ARN/);
    expect(() => loadConfig({ ...env, CHAT_TOPIC_ARN: 'not-an-arn' })).toThrow(/CHAT_TOPIC_ARN/);
  });
});

describe('resolving an incident’s Security Hub findings', () => {
  // moto has no BatchUpdateFindings; the SDK client is replaced at its transport boundary.
  const productArn = 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default';
  const finding = (id: string, incidentId: string) => ({
    Id: id,
    ProductArn: productArn,
    ProductFields: { 'honeytrail/incidentId': incidentId },
  });

  it('sets RESOLVED on that incident’s findings only, through BatchUpdateFindings', async () => {
    const client = mockClient(SecurityHubClient);
    client.on(GetFindingsCommand).resolves({
      Findings: [finding('f-1', 'HT-AAAA-BBBB'), finding('f-2', 'HT-OTHR-0000')] as never,
    });
    client.on(BatchUpdateFindingsCommand).resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
    const hub = makeSecurityHub({ client: client as unknown as SecurityHubClient });
    expect(await hub.resolveIncident(productArn, 'HT-AAAA-BBBB', 'resolved by alice')).toBe(1);
    const [update] = client.commandCalls(BatchUpdateFindingsCommand);
    expect(update?.args[0].input).toEqual({
      FindingIdentifiers: [{ Id: 'f-1', ProductArn: productArn }],
      Workflow: { Status: 'RESOLVED' },
      Note: { Text: 'resolved by alice', UpdatedBy: 'honeytrail' },
    });
    expect(client.commandCalls(GetFindingsCommand)[0]?.args[0].input.Filters?.ProductFields).toEqual([
      { Key: 'honeytrail/incidentId', Value: 'HT-AAAA-BBBB', Comparison: 'EQUALS' },
    ]);
  });

  it('fails when Security Hub leaves a finding unresolved', async () => {
    const client = mockClient(SecurityHubClient);
    client.on(GetFindingsCommand).resolves({ Findings: [finding('f-1', 'HT-AAAA-BBBB')] as never });
    client.on(BatchUpdateFindingsCommand).resolves({
      UnprocessedFindings: [
        {
          FindingIdentifier: { Id: 'f-1', ProductArn: productArn },
          ErrorCode: 'FindingNotFound',
          ErrorMessage: '',
        },
      ],
    });
    const hub = makeSecurityHub({ client: client as unknown as SecurityHubClient });
    await expect(hub.resolveIncident(productArn, 'HT-AAAA-BBBB')).rejects.toThrow(SecurityHubImportError);
  });
});
