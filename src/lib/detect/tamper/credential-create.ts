import type { CloudTrailRecord } from '../../cloudtrail/schema.ts';
import type { Decoy, Registry } from '../../decoys/registry.ts';
import { cleanText } from '../../text.ts';
import { eventFacts } from '../facts.ts';
import type { Rule } from '../rules.ts';
import { CREDENTIAL_CREATE_CALLS } from './calls.ts';
import {
  callerDecoyNote,
  callerLabel,
  commonSteps,
  decoyNamed,
  isIamCall,
  outcome,
  param,
  targetDecoy,
  userTamper,
} from './target.ts';

const WHAT: Record<string, { made: string; remove: string }> = {
  CreateAccessKey: {
    made: 'a new access key',
    remove: 'Delete the new access key (aws iam delete-access-key)',
  },
  CreateLoginProfile: {
    made: 'a console password',
    remove: 'Delete the login profile (aws iam delete-login-profile)',
  },
  UpdateLoginProfile: {
    made: 'a new console password',
    remove: 'Delete the login profile (aws iam delete-login-profile)',
  },
  UploadSSHPublicKey: {
    made: 'an SSH public key (CodeCommit)',
    remove: 'Delete the SSH public key (aws iam delete-ssh-public-key)',
  },
  CreateServiceSpecificCredential: {
    made: 'a service-specific credential',
    remove: 'Delete the service-specific credential (aws iam delete-service-specific-credential)',
  },
  UploadSigningCertificate: {
    made: 'a signing certificate',
    remove: 'Delete the signing certificate (aws iam delete-signing-certificate)',
  },
  EnableMFADevice: {
    made: 'an MFA device',
    remove: 'Deactivate the MFA device (aws iam deactivate-mfa-device) and delete it',
  },
  CreateVirtualMFADevice: {
    made: 'a virtual MFA device named after the decoy',
    remove: 'Delete the virtual MFA device (aws iam delete-virtual-mfa-device)',
  },
};

/**
 * CreateVirtualMFADevice names no user. It only matches when the device name equals a decoy
 * name, which is what the console and most tools do; a device with any other name is only seen
 * when EnableMFADevice ties it to the decoy.
 */
function decoyFor(record: CloudTrailRecord, registry: Registry): Decoy | undefined {
  if (record.eventName === 'CreateVirtualMFADevice') {
    return decoyNamed(record, registry, param(record, 'virtualMFADeviceName'));
  }
  return targetDecoy(record, registry);
}

/** `credential-create`: someone tried to give a decoy a new way to sign in or sign requests. */
export const credentialCreateRule: Rule = (record, context, actor) => {
  if (!isIamCall(record, CREDENTIAL_CREATE_CALLS)) return [];
  const decoy = decoyFor(record, context.registry);
  if (!decoy) return [];
  const what = WHAT[record.eventName];
  if (!what) return [];
  const event = eventFacts(record);
  const caller = callerLabel(record, event);
  const denied = Boolean(event.errorCode);
  const serial = param(record, 'serialNumber');
  const detail = serial ? ` (${cleanText(serial, 160)})` : '';
  const nextSteps = denied
    ? [
        `Nothing was created, but confirm: list the credentials of ${decoy.userName} (keys, login profile, MFA, SSH keys).`,
      ]
    : [
        `${what.remove} for ${decoy.userName}, then check CloudTrail for any use of it.`,
        'Keep the original decoy key active so detection continues, unless you are retiring the decoy.',
      ];
  nextSteps.push(...commonSteps(record, context.registry, caller, actor, decoy));
  return [
    userTamper(
      {
        record,
        actor,
        decoy,
        category: 'credential-create',
        title: `New credential for decoy ${decoy.userName}: iam:${event.name}${denied ? ' (denied)' : ''}`,
        summary: `${caller} tried to create ${what.made}${detail} for decoy user ${decoy.userName}; the call ${outcome(event)}. A new credential would let the intruder keep access after the planted key is revoked, or sign in to the console.${callerDecoyNote(record, context.registry)}`,
        nextSteps,
      },
      event,
    ),
  ];
};
