import type { CloudTrailRecord } from '../cloudtrail/schema.ts';
import { matchUse } from '../decoys/match.ts';
import type { Registry } from '../decoys/registry.ts';
import type { Actor } from '../enrich/types.ts';
import { callName } from '../incidents/model.ts';
import { type Detection, decoyRef } from './detection.ts';
import { eventFacts } from './facts.ts';

const HOW: Record<string, string> = {
  'access-key': 'with its access key',
  'iam-user': 'as the decoy IAM user',
  'session-issuer': 'through a session issued to the decoy',
};

/** `use`: the decoy's own credentials made a call. Any such call is an intrusion signal. */
export function detectUse(record: CloudTrailRecord, registry: Registry, actor: Actor): Detection[] {
  const match = matchUse(record, registry);
  if (!match) return [];
  const { decoy, reason } = match;
  const event = eventFacts(record);
  const denied = event.errorCode ? ` (denied: ${event.errorCode})` : '';
  const session = event.accessKeyId?.startsWith('ASIA')
    ? ' using temporary session credentials minted from it'
    : '';
  const signIn = record.eventName === 'ConsoleLogin';
  const action = callName({ event });
  const nextSteps = [
    `Treat the place it was planted as breached: ${decoy.placement}.`,
    `Block or investigate source ${actor.sourceIp}; check other access from it in CloudTrail.`,
    'Look for other secrets stored next to the decoy and rotate them.',
  ];
  if (session)
    nextSteps.unshift(
      "Revoke the decoy user's sessions (deny policy with aws:TokenIssueTime) - a session key is live.",
    );
  return [
    {
      id: `${event.id}:use:${decoy.accountId}/${decoy.userName}`,
      kind: 'use',
      severity: actor.escalate ? 'critical' : 'high',
      category: signIn ? 'console-sign-in' : session ? 'session-use' : 'key-use',
      title: `Decoy ${decoy.userName} used: ${action}`,
      summary: signIn
        ? `Someone tried to sign in to the AWS console as the decoy${denied}${event.errorMessage ? ` (${event.errorMessage})` : ''}. A decoy has no console password and no legitimate user: someone knows its name and is probing it.`
        : `Someone called ${action}${denied} ${HOW[reason]}${session}. No legitimate process holds this credential, so this is almost certainly an intruder.`,
      nextSteps,
      decoy: decoyRef(decoy),
      event,
      actor,
      suppressible: true,
    },
  ];
}
