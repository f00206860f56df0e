import { readFileSync } from 'node:fs';
import type { RuleInfo } from '../aws/eventbridge.ts';
import type { Iam, UserPosture } from '../aws/iam.ts';
import { writeFileAtomic } from './files.ts';
import { removeDecoy } from './registry-edit.ts';
import { parseRegistry } from './registry-yaml.ts';

/**
 * Retiring runs in two steps so honeytrail never alerts on its own cleanup:
 *  1. the entry leaves decoys.yml and a `# retiring:` marker takes its place; the operator redeploys,
 *     which drops the decoy from every EventBridge pattern and from the tamper rules' registry;
 *  2. the same command, run again, proves the deployed rules no longer name the decoy, then
 *     deactivates and deletes its keys and the user. No tamper rule can see those calls any more.
 */
export class DecoyRetireError extends Error {
  override name = 'DecoyRetireError';
}

export interface RetireRequest {
  userName: string;
  decoysFile: string;
  accountId?: string;
  ruleNames: string[];
  skipDeployCheck: boolean;
  now: string;
}

export interface RetireIo {
  iam: Pick<
    Iam,
    'userPosture' | 'accessKeyLastUsed' | 'deactivateAccessKey' | 'deleteAccessKey' | 'deleteUser'
  >;
  describeRule: (name: string) => Promise<RuleInfo>;
  say: (line: string) => void;
}

export type RetireOutcome = 'unlisted' | 'deleted';

interface Marker {
  line: string;
  accountId: string;
  keys: string[];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function findMarker(text: string, userName: string): Marker | undefined {
  const pattern = new RegExp(`^# retiring: ${escapeRegExp(userName)} account (\\d{12}) keys (\\S*) `, 'm');
  const match = pattern.exec(text);
  if (!match) return undefined;
  const [line] = text.slice(match.index).split('\n');
  return {
    line: line ?? '',
    accountId: match[1] ?? '',
    keys: (match[2] ?? '').split(',').filter((key) => key && key !== '-'),
  };
}

/** Step 1: the decoy leaves the registry; a marker records that honeytrail is retiring it. */
function unlist(request: RetireRequest, text: string, io: RetireIo): RetireOutcome {
  const result = removeDecoy(text, request.userName, request.accountId, request.decoysFile);
  if (!result) throw new DecoyRetireError(`${request.userName} is not in ${request.decoysFile}`);
  const { removed } = result;
  const keys = removed.accessKeyIds?.join(',') ?? '';
  const marker = `# retiring: ${removed.userName} account ${removed.accountId} keys ${keys || '-'} unlisted ${request.now}\n`;
  const next = `${result.text.endsWith('\n') ? result.text : `${result.text}\n`}${marker}`;
  parseRegistry(next, request.decoysFile);
  writeFileAtomic(request.decoysFile, next);
  io.say(`Removed ${removed.userName} from ${request.decoysFile} and left a "# retiring:" marker there.`);
  io.say('Nothing was changed in IAM yet: the key still works but honeytrail no longer watches it.');
  io.say(
    `Now redeploy honeytrail, then run "honeytrail decoy retire ${removed.userName}" again to delete it in IAM.`,
  );
  return 'unlisted';
}

async function assertRedeployed(request: RetireRequest, marker: Marker, io: RetireIo): Promise<void> {
  if (request.ruleNames.length === 0) {
    if (request.skipDeployCheck) {
      io.say(
        'Skipping the redeploy check (--skip-deploy-check): a stale deployment would raise tamper alerts.',
      );
      return;
    }
    throw new DecoyRetireError(
      'cannot confirm honeytrail was redeployed: pass --rules <names> (or set HONEYTRAIL_RULE_NAMES), or --skip-deploy-check',
    );
  }
  const needles = [request.userName, ...marker.keys].map((value) => `"${value}"`);
  for (const name of request.ruleNames) {
    const rule = await io.describeRule(name);
    if (needles.some((needle) => rule.eventPattern?.includes(needle))) {
      throw new DecoyRetireError(
        `the deployed rule ${name} still matches ${request.userName}: redeploy honeytrail first (nothing was changed in IAM)`,
      );
    }
  }
  io.say(`Deployed rules (${request.ruleNames.join(', ')}) no longer match ${request.userName}.`);
}

function holdings(posture: UserPosture): string[] {
  return [
    ...posture.attachedPolicies.map((policy) => `policy ${policy.arn}`),
    ...posture.inlinePolicies.map((policy) => `inline policy ${policy}`),
    ...posture.groups.map((group) => `group ${group}`),
    ...(posture.permissionsBoundary ? [`permissions boundary ${posture.permissionsBoundary}`] : []),
    ...(posture.loginProfileCreated ? ['a console password'] : []),
    ...posture.mfaDevices.map((serial) => `MFA device ${serial}`),
  ];
}

/** Step 2: deactivate and delete every key, then the user; the marker becomes `# retired:`. */
async function deleteInIam(
  request: RetireRequest,
  text: string,
  marker: Marker,
  io: RetireIo,
): Promise<RetireOutcome> {
  await assertRedeployed(request, marker, io);
  const posture = await io.iam.userPosture(request.userName);
  if (!posture) throw new DecoyRetireError(`IAM user ${request.userName} does not exist in this account`);
  const account = posture.arn.split(':')[4];
  if (account && account !== marker.accountId) {
    throw new DecoyRetireError(
      `the credentials in use are for account ${account}, the decoy lives in ${marker.accountId}`,
    );
  }
  const held = holdings(posture);
  if (held.length > 0) {
    throw new DecoyRetireError(
      `${request.userName} holds ${held.join(', ')}; a decoy holds nothing, so investigate (honeytrail decoy verify) before deleting it`,
    );
  }
  for (const key of posture.accessKeys) {
    const used = await io.iam.accessKeyLastUsed(key.accessKeyId);
    io.say(
      used.lastUsedDate
        ? `Key ${key.accessKeyId} last used ${used.lastUsedDate} (${used.serviceName ?? '?'} in ${used.region ?? '?'}).`
        : `Key ${key.accessKeyId} was never used.`,
    );
    await io.iam.deactivateAccessKey(request.userName, key.accessKeyId);
    await io.iam.deleteAccessKey(request.userName, key.accessKeyId);
    io.say(`Deactivated and deleted key ${key.accessKeyId}.`);
  }
  await io.iam.deleteUser(request.userName);
  io.say(`Deleted IAM user ${request.userName}.`);
  const retired = marker.line.replace('# retiring:', '# retired:');
  writeFileAtomic(request.decoysFile, text.replace(marker.line, `${retired} deleted ${request.now}`));
  return 'deleted';
}

export async function retireDecoy(request: RetireRequest, io: RetireIo): Promise<RetireOutcome> {
  const text = readFileSync(request.decoysFile, 'utf8');
  const registry = parseRegistry(text, request.decoysFile);
  if (registry.decoys.some((decoy) => decoy.userName === request.userName)) return unlist(request, text, io);
  const marker = findMarker(text, request.userName);
  if (!marker) {
    throw new DecoyRetireError(
      `${request.userName} is neither in ${request.decoysFile} nor marked "# retiring:" there; honeytrail only deletes its own decoys`,
    );
  }
  return deleteInIam(request, text, marker, io);
}
