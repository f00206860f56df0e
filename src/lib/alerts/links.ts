import type { Detection } from '../detect/detection.ts';

/** Console host per partition: commercial, GovCloud and China regions use different domains. */
function consoleHost(region: string): string {
  if (region.startsWith('us-gov-')) return `https://console.amazonaws-us-gov.com`;
  if (region.startsWith('cn-')) return `https://console.amazonaws.cn`;
  return `https://${region}.console.aws.amazon.com`;
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const SAFE = /^[\w+=,.@:-]+$/;

/**
 * Links an analyst can open: the CloudTrail event in its region's console and the decoy user in IAM.
 * Built only from values that match the expected shape, so an attacker string never becomes a URL.
 */
export function consoleLinks(detection: Detection): { cloudTrail?: string; iamUser?: string } {
  const links: { cloudTrail?: string; iamUser?: string } = {};
  const { region, id } = detection.event;
  if (REGION.test(region) && SAFE.test(id)) {
    links.cloudTrail = `${consoleHost(region)}/cloudtrailv2/home?region=${region}#/events/${encodeURIComponent(id)}`;
  }
  const user = detection.decoy?.userName;
  if (user && SAFE.test(user)) {
    // IAM is global: its console lives in us-east-1, or in the partition's own console.
    const host = REGION.test(region)
      ? consoleHost(region.startsWith('us-gov-') || region.startsWith('cn-') ? region : 'us-east-1')
      : consoleHost('us-east-1');
    links.iamUser = `${host}/iam/home#/users/details/${encodeURIComponent(user)}`;
  }
  return links;
}
