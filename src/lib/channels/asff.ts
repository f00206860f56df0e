import { isIPv4, isIPv6 } from 'node:net';
import type { AwsSecurityFinding, Resource } from '@aws-sdk/client-securityhub';
import type { Detection, DetectionKind } from '../detect/detection.ts';
import { cleanText } from '../text.ts';
import { type ChannelNotice, NoticeError, timeOf } from './notice.ts';

/** Where findings are imported: the account's own default product, `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`. */
export interface ProductTarget {
  productArn: string;
  partition: string;
  region: string;
  accountId: string;
}

const PRODUCT_ARN = /^arn:(aws[a-z-]*):securityhub:([a-z0-9-]+):(\d{12}):product\/(\d{12})\/default$/;

/** Reads partition, region and account from the default product ARN; anything else is refused. */
export function productTarget(productArn: string): ProductTarget {
  const match = PRODUCT_ARN.exec(productArn);
  if (!match || match[3] !== match[4])
    throw new NoticeError(
      `SECURITY_HUB_PRODUCT_ARN must be the account's default product, arn:<partition>:securityhub:<region>:<account>:product/<account>/default, not ${productArn}`,
    );
  return { productArn, partition: match[1]!, region: match[2]!, accountId: match[3]! };
}

/** ASFF types (namespace/category/classifier) by detection kind; see docs/events.md. */
const TYPES: Record<DetectionKind, string[]> = {
  use: ['TTPs/Initial Access/Valid Accounts', 'Unusual Behaviors/User/Decoy Credential Use'],
  tamper: ['TTPs/Privilege Escalation/Decoy Tampering', 'Unusual Behaviors/User/Decoy Credential Use'],
  'detector-tamper': ['TTPs/Defense Evasion/Impair Defenses'],
  audit: ['Software and Configuration Checks/AWS Security Best Practices/Decoy Drift'],
  'safety-net': ['TTPs/Initial Access/Valid Accounts', 'Unusual Behaviors/User/Unseen Decoy Key Use'],
};

function typesOf(detection: Detection): string[] {
  if (detection.category === 'aws-detected-exposure')
    return [
      'Sensitive Data Identifications/Security/Exposed Access Key',
      'Effects/Data Exposure/Public Key Exposure',
    ];
  if (detection.category === 'credential-create') return ['TTPs/Persistence/Decoy Credential Creation'];
  return TYPES[detection.kind];
}

const LABEL = { medium: 'MEDIUM', high: 'HIGH', critical: 'CRITICAL' } as const;

/** The same finding ID on every import of a detection, so a re-import updates it. */
export const findingIdOf = (target: ProductTarget, detectionId: string): string =>
  `arn:${target.partition}:securityhub:${target.region}:${target.accountId}:finding/honeytrail/${cleanText(detectionId, 400)}`;

function resourcesOf(detection: Detection, target: ProductTarget): Resource[] {
  const { decoy, event } = detection;
  const region = event.region;
  const resources: Resource[] = [];
  if (decoy) {
    resources.push({
      Type: 'AwsIamUser',
      Id: `arn:${target.partition}:iam::${decoy.accountId}:user/${decoy.userName}`,
      Partition: target.partition as Resource['Partition'],
      Region: region,
      Details: { AwsIamUser: { UserName: decoy.userName } },
    });
    if (event.accessKeyId)
      resources.push({
        Type: 'AwsIamAccessKey',
        Id: cleanText(event.accessKeyId, 128),
        Partition: target.partition as Resource['Partition'],
        Region: region,
        Details: {
          AwsIamAccessKey: {
            AccessKeyId: cleanText(event.accessKeyId, 128),
            PrincipalName: decoy.userName,
            PrincipalType: 'IAMUser',
            AccountId: decoy.accountId,
          },
        },
      });
  } else {
    resources.push({
      Type: 'Other',
      Id: cleanText(event.target ?? event.identityArn ?? `${event.source}/${event.name}`, 512),
      Partition: target.partition as Resource['Partition'],
      Region: region,
    });
  }
  return resources;
}

function network(detection: Detection): AwsSecurityFinding['Network'] | undefined {
  const ip = detection.actor.sourceIp;
  if (isIPv4(ip)) return { Direction: 'IN', SourceIpV4: ip };
  if (isIPv6(ip)) return { Direction: 'IN', SourceIpV6: ip };
  return undefined;
}

function productFields(notice: ChannelNotice, detection: Detection): Record<string, string> {
  const { actor, event } = detection;
  const fields: Record<string, string | undefined> = {
    'honeytrail/kind': detection.kind,
    'honeytrail/category': cleanText(detection.category, 64),
    'honeytrail/detectionId': cleanText(detection.id, 512),
    'honeytrail/eventId': cleanText(event.id, 128),
    'honeytrail/call': cleanText(`${event.source}:${event.name}`, 256),
    'honeytrail/result': event.errorCode ? cleanText(`DENIED ${event.errorCode}`, 256) : 'SUCCEEDED',
    'honeytrail/verdict': actor.verdict,
    'honeytrail/confidence': actor.confidence.toFixed(2),
    'honeytrail/reasons': cleanText(actor.reasons.join(' | '), 2000),
    'honeytrail/userAgent': cleanText(actor.userAgent, 1024),
    'honeytrail/sourceIp': cleanText(actor.sourceIp, 128),
    'honeytrail/tool': actor.tool && cleanText(actor.tool, 128),
    'honeytrail/asn': actor.asn
      ? `AS${actor.asn}${actor.asOrg ? ` ${cleanText(actor.asOrg, 128)}` : ''}`
      : undefined,
    'honeytrail/placement': detection.decoy && cleanText(detection.decoy.placement, 512),
    'honeytrail/incidentId': notice.incident?.id,
    'honeytrail/incidentStatus': notice.incident?.status,
  };
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
}

/**
 * One detection as an ASFF finding for `BatchImportFindings`. Severity and types also go in
 * FindingProviderFields, which is how a provider may change them on a re-import. The workflow status
 * is RESOLVED when the notice's incident is resolved; Security Hub honours it when it creates the
 * finding (afterwards only BatchUpdateFindings changes it: see resolveIncident in the adapter).
 */
export function toAsffFinding(notice: ChannelNotice, target: ProductTarget): AwsSecurityFinding {
  const { detection } = notice;
  if (!detection) throw new NoticeError('a Security Hub finding needs a detection');
  const severity = { Label: LABEL[detection.severity], Original: detection.severity };
  const types = typesOf(detection);
  const net = network(detection);
  return {
    SchemaVersion: '2018-10-08',
    Id: findingIdOf(target, detection.id),
    ProductArn: target.productArn,
    ProductName: 'honeytrail',
    CompanyName: 'honeytrail',
    GeneratorId: `honeytrail/${detection.kind}/${cleanText(detection.category, 64)}`,
    AwsAccountId: target.accountId,
    Types: types,
    CreatedAt: detection.event.time,
    UpdatedAt: timeOf(notice),
    Severity: severity,
    FindingProviderFields: { Severity: severity, Types: types },
    Title: cleanText(detection.title, 256),
    Description: cleanText(detection.summary, 1024),
    Resources: resourcesOf(detection, target),
    ...(net ? { Network: net } : {}),
    ProductFields: productFields(notice, detection),
    Remediation: {
      Recommendation: { Text: cleanText(detection.nextSteps.join(' '), 512) },
    },
    RecordState: 'ACTIVE',
    Workflow: { Status: notice.incident?.status === 'resolved' ? 'RESOLVED' : 'NEW' },
  };
}
