import type { Verdict } from './types.ts';
import { CONSOLE_UA } from './useragent.ts';

export type ToolKind =
  | 'offensive'
  | 'red-team'
  | 'secret-scanner'
  | 'scanner'
  | 'iac'
  | 'http-client'
  | 'console'
  | 'aws-shell'
  | 'ide'
  | 'gui-client'
  | 'aws-agent';

/** One recognisable tool. `match: undefined` means the tool sends a stock SDK userAgent. */
export interface Signature {
  name: string;
  kind: ToolKind;
  match: RegExp | undefined;
  /** The distinctive part of the userAgent; the property test generates variants of it. */
  marker?: string;
  verdict: Exclude<Verdict, 'unknown'>;
  /** How strongly a match alone supports the verdict, 0..1. */
  weight: number;
  notes: string;
  /** Where the string comes from. */
  source: string;
  /** A userAgent the row must match (for behaviour-only rows: one it must NOT be credited with). */
  positive: string;
  /** A near miss the row must not match. */
  negative: string;
}

/** Kinds that raise the alert's severity on a match. */
export const ESCALATING_KINDS: ReadonlySet<ToolKind> = new Set(['offensive', 'red-team']);

const BEHAVIOUR_ONLY = 'recognisable only by behaviour: it sends the stock boto3 userAgent';

/**
 * A tool marker as a whole token, in any case, with or without a version or another suffix after
 * it (`Tool`, `tool/1.2.3`, `TOOL_<id>`, `[tool/1.0]`), but not inside a longer word
 * (`toolbox`, `my-tool`). `tail` says what may not follow the marker.
 */
function token(marker: string, tail = '[a-z]'): RegExp {
  const body = marker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[ -]/g, '[ -]?');
  return new RegExp(`(?<![\\w-])${body}(?!${tail})`, 'i');
}

/** Checked in order; the first match names the tool. More specific rows come first. */
export const SIGNATURES: readonly Signature[] = [
  {
    name: 'Stratus Red Team',
    kind: 'red-team',
    match: token('stratus-red-team'),
    marker: 'stratus-red-team_',
    verdict: 'automated',
    weight: 0.95,
    notes: 'Appends stratus-red-team_<uuid> to every SDK and Terraform call; often your own red team.',
    source: 'tool source: Grimoire pkg/grimoire/detonators (StratusRedTeamUserAgentPrefix)',
    positive: 'stratus-red-team_8cb1ee36-86c3-4241-a32c-163c78cde7b6',
    negative: 'stratusphere/1.0',
  },
  {
    name: 'Grimoire',
    kind: 'red-team',
    match: token('grimoire', '[a-z-]'),
    marker: 'grimoire_',
    verdict: 'automated',
    weight: 0.9,
    notes: 'Sets AWS_EXECUTION_ENV=grimoire_<uuid>, so aws-cli reports exec-env/grimoire_<uuid>.',
    source: 'tool source: Grimoire cmd/grimoire shell command (AWS_EXECUTION_ENV)',
    positive:
      'aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64 exec-env/grimoire_3a1f0d2e-8b4c-4f7e-9a6d-2c5b7e8f9a01 prompt/off command/sts.get-caller-identity',
    negative: 'grimoire-cli/0.3.1',
  },
  {
    name: 'Endgame',
    kind: 'offensive',
    match: token('HotDogsAreSandwiches'),
    marker: 'HotDogsAreSandwiches',
    verdict: 'automated',
    weight: 0.95,
    notes: 'Default userAgent of the endgame resource-policy backdooring tool (override: --cloak).',
    source: 'tool docs: endgame docs/ua-detection.md',
    positive: 'HotDogsAreSandwiches',
    negative: 'HotDogs/1.0',
  },
  {
    name: 'Pacu',
    kind: 'offensive',
    match: undefined,
    verdict: 'automated',
    weight: 0,
    notes: `${BEHAVIOUR_ONLY}; on Kali/Parrot/Pentoo it swaps in a random userAgent from its own list (old botocore, even console.amazonaws.com), which the spoofing rules catch.`,
    source: 'tool source: Pacu main.py (user agent replacement on pentest distros)',
    positive: 'Boto3/1.7.61 Python/3.5.0 Windows/ Botocore/1.10.62',
    negative: 'pacu-notes/1.0',
  },
  {
    name: 'CloudFox',
    kind: 'offensive',
    match: token('cloudfox'),
    marker: 'cloudfox',
    verdict: 'automated',
    weight: 0.9,
    notes: 'Go SDK v2; the token is present only when the build or user adds it. Otherwise behaviour only.',
    source: 'unverified: no userAgent string found in CloudFox source; row kept for custom builds',
    positive:
      'aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 md/GOOS#linux md/GOARCH#amd64 api/iam#1.28.5 cloudfox',
    negative: 'cloud-fox-terrier/1.0',
  },
  {
    name: 'TruffleHog',
    kind: 'secret-scanner',
    match: token('trufflehog'),
    marker: 'TruffleHog',
    verdict: 'automated',
    weight: 0.95,
    notes: 'Verifies found AWS keys with sts:GetCallerIdentity (or sns:Publish for canary accounts).',
    source: 'CloudTrail record in public repo (userAgent "TruffleHog" on GetCallerIdentity)',
    positive: 'TruffleHog',
    negative: 'Truffle/5.11.5 (core: 5.11.5) Node v18.17.0',
  },
  {
    name: 'ScoutSuite',
    kind: 'scanner',
    match: token('Scout Suite'),
    marker: 'Scout Suite',
    verdict: 'automated',
    weight: 0.9,
    notes: 'Adds "Scout Suite/<version> (https://github.com/nccgroup/ScoutSuite)" to botocore.',
    source: 'tool source: ScoutSuite/utils.py get_user_agent()',
    positive: 'Scout Suite/5.12.0 Python/3.9.2 Linux/6.0.0-2parrot1-amd64 Scout Suite/5.12.0',
    negative: 'Scout/2.1 (uptime monitor)',
  },
  {
    name: 'Prowler',
    kind: 'scanner',
    match: /(?<![\w-])APN_1826889(?!\d)|(?<![\w-])prowler(?![a-z-])/i,
    marker: 'APN_1826889',
    verdict: 'automated',
    weight: 0.9,
    notes: 'BOTO3_USER_AGENT_EXTRA defaults to APN_1826889; can be blanked with an env var.',
    source: 'tool source: prowler/providers/aws/config.py BOTO3_USER_AGENT_EXTRA',
    positive:
      'Boto3/1.34.11 md/Botocore#1.34.11 ua/2.0 os/linux#6.5.0-1014-aws md/arch#x86_64 lang/python#3.11.6 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.34.11 APN_1826889',
    negative: 'Boto3/1.34.11 Python/3.11.6 Linux/6.5.0 Botocore/1.34.11 APN_1826890',
  },
  {
    name: 'CloudMapper',
    kind: 'scanner',
    match: undefined,
    verdict: 'automated',
    weight: 0,
    notes: `${BEHAVIOUR_ONLY}; collect runs a wide Describe*/List* sweep over every region.`,
    source: 'tool source: cloudmapper commands/collect.py (plain boto3 clients)',
    positive: 'Boto3/1.17.0 Python/3.8.10 Linux/5.4.0-80-generic Botocore/1.20.0',
    negative: 'cloudmapper-web/1.0',
  },
  {
    name: 'enumerate-iam',
    kind: 'offensive',
    match: undefined,
    verdict: 'automated',
    weight: 0,
    notes: `${BEHAVIOUR_ONLY}; fires hundreds of denied read calls across services in seconds.`,
    source: 'tool source: enumerate-iam enumerate_iam/main.py (boto3 clients, thread pool)',
    positive: 'Boto3/1.9.253 Python/3.7.3 Linux/4.19.0-6-amd64 Botocore/1.12.253',
    negative: 'enumerate/1.0',
  },
  {
    name: 'Terraform',
    kind: 'iac',
    match: token('terraform', '[a-z]|-(?!provider)'),
    marker: 'Terraform',
    verdict: 'automated',
    weight: 0.85,
    notes: 'terraform-provider-aws prefixes APN/1.0 HashiCorp/1.0 Terraform/<version>.',
    source: 'CloudTrail sample in public repo (terraform-provider-aws userAgent)',
    positive:
      'APN/1.0 HashiCorp/1.0 Terraform/1.5.7 (+https://www.terraform.io) terraform-provider-aws/5.31.0 aws-sdk-go-v2/1.24.0 os/linux lang/go#1.20.12 md/GOOS#linux md/GOARCH#amd64 api/sts#1.26.6',
    negative: 'HashiCorp-terraform-exec/0.17.3',
  },
  {
    name: 'AWS CDK',
    kind: 'iac',
    match: token('aws-cdk', '[a-z-]'),
    marker: 'aws-cdk',
    verdict: 'automated',
    weight: 0.85,
    notes: 'CDK toolkit appends aws-cdk/<version> to the SDK userAgent during deploy and bootstrap.',
    source: 'CloudTrail sample in a public repo (GetCallerIdentity by aws-sdk-nodejs with aws-cdk/2.135.0)',
    positive: 'aws-sdk-nodejs/2.1586.0 linux/v20.15.1 aws-cdk/2.135.0 promise',
    negative: 'aws-sdk-nodejs/2.1586.0 linux/v20.15.1 promise',
  },
  {
    name: 'Pulumi',
    kind: 'iac',
    match: token('pulumi', '[a-z]|-(?!aws)'),
    marker: 'pulumi',
    verdict: 'automated',
    weight: 0.85,
    notes: 'Pulumi AWS provider tokens; exact shape varies by provider version.',
    source: 'unverified shape: CloudTrail fixture in a public repo test ("pulumi/3.0 go1.21 linux/amd64")',
    positive: 'pulumi/3.0 go1.21 linux/amd64',
    negative: 'pulumi-cli-docs/preview',
  },
  {
    name: 'Steampipe',
    kind: 'scanner',
    match: token('steampipe'),
    marker: 'steampipe',
    verdict: 'automated',
    weight: 0.85,
    notes: 'steampipe-plugin-aws builds Go SDK v2 clients; token match only.',
    source: 'unverified: token assumed from the plugin name; no string found in source',
    positive:
      'aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.141.0 steampipe',
    negative: 'steampipes-for-kids/1.0',
  },
  {
    name: 'AWS Toolkit for VS Code',
    kind: 'ide',
    match: token('AWS-Toolkit-For-VSCode'),
    marker: 'AWS-Toolkit-For-VSCode',
    verdict: 'human',
    weight: 0.6,
    notes: 'IDE extension: a person browsing resources.',
    source: 'tool source: aws-toolkit-vscode shared/telemetry/util.ts getUserAgent()',
    positive:
      'AWS-Toolkit-For-VSCode/3.14.0 Visual-Studio-Code/1.89.1 ClientId/5f2e3c1a-0b7d-4c9e-8a61-2d4f6b8c0e12',
    negative: 'Visual-Studio-Code/1.89.1',
  },
  {
    name: 'AWS CloudShell',
    kind: 'aws-shell',
    match: /(?<![\w-])exec-env\/cloudshell(?![a-z-])|(?<![\w-])md\/aws-cloudshell/i,
    marker: 'exec-env/CloudShell',
    verdict: 'human',
    weight: 0.7,
    notes: 'aws-cli inside the browser shell: needs a console session.',
    source: 'AWS CloudTrail user guide example (exec-env/CloudShell)',
    positive:
      'aws-cli/2.13.5 Python/3.11.4 Linux/4.14.255-314-253.539.amzn2.x86_64 exec-env/CloudShell exe/x86_64.amzn.2 prompt/off command/cloudtrail.start-logging',
    negative:
      'aws-cli/2.13.5 Python/3.11.4 Linux/4.14.255-314-253.539.amzn2.x86_64 exe/x86_64.amzn.2 prompt/off command/s3.ls',
  },
  {
    name: 'AWS console',
    kind: 'console',
    match: CONSOLE_UA,
    marker: 'S3Console',
    verdict: 'human',
    weight: 0.8,
    notes: 'Management console; on an access-key call it is a spoof (see verdict rules).',
    source: 'AWS CloudTrail user guide (console sign-in and console-made calls)',
    positive: 'console.amazonaws.com',
    negative: 'ec2.amazonaws.com',
  },
  {
    name: 'Cyberduck',
    kind: 'gui-client',
    match: token('Cyberduck'),
    marker: 'Cyberduck',
    verdict: 'human',
    weight: 0.6,
    notes: 'Desktop file browser.',
    source: 'Cyberduck product userAgent (Cyberduck/<version> (<os>/<version>) (<arch>))',
    positive: 'Cyberduck/8.7.1.40770 (Mac OS X/14.2.1) (aarch64)',
    negative: 'duck/8.7.1 (cli)',
  },
  {
    name: 'AWS Systems Manager agent',
    kind: 'aws-agent',
    match: token('amazon-ssm-agent'),
    marker: 'amazon-ssm-agent',
    verdict: 'automated',
    weight: 0.8,
    notes: 'The SSM agent on an instance, calling AWS with the instance role.',
    source:
      'detection-rule test case: panther-analysis aws_imds_credential_exfiltration.yml (amazon-ssm-agent/3.2.0)',
    positive: 'amazon-ssm-agent/3.2.0',
    negative: 'ssm-agent-docs/1.0',
  },
  {
    name: 'httplib2',
    kind: 'http-client',
    match: token('python-httplib2'),
    marker: 'Python-httplib2',
    verdict: 'automated',
    weight: 0.6,
    notes: 'Python HTTP library (older Google API clients); signs requests from a script.',
    source: 'detection-rule test case: panther-analysis aws_lambda_crud.yml (Python-httplib2/0.8 (gzip))',
    positive: 'Python-httplib2/0.8 (gzip)',
    negative: 'httplib2-docs/1.0',
  },
  {
    name: 'Jersey',
    kind: 'http-client',
    match: token('Jersey'),
    marker: 'Jersey',
    verdict: 'automated',
    weight: 0.6,
    notes: 'Java HTTP client library.',
    source:
      'detection-rule test case: panther-analysis aws_console_getsignintoken.yml (Jersey with an unfilled version)',
    positive: 'Jersey/2.35',
    negative: 'New-Jersey-Transit/1.0',
  },
  {
    name: 'python-requests',
    kind: 'http-client',
    match: token('python-requests', '[a-z-]'),
    marker: 'python-requests',
    verdict: 'automated',
    weight: 0.75,
    notes: 'Hand-signed SigV4 from a script.',
    source: 'requests library utils.default_user_agent()',
    positive: 'python-requests/2.31.0',
    negative: 'requests-aws4auth-docs/1.0',
  },
  {
    name: 'curl',
    kind: 'http-client',
    match: token('curl', '[a-z-]'),
    marker: 'curl',
    verdict: 'automated',
    weight: 0.6,
    notes: 'curl --aws-sigv4; could be a person, but usually scripted.',
    source: 'curl default userAgent (curl/<version>)',
    positive: 'curl/8.5.0',
    negative: 'curlie/1.7.2',
  },
  {
    name: 'Go-http-client',
    kind: 'http-client',
    match: token('Go-http-client'),
    marker: 'Go-http-client',
    verdict: 'automated',
    weight: 0.75,
    notes: 'Go net/http default: a custom Go program signing requests itself.',
    source: 'Go net/http defaultUserAgent',
    positive: 'Go-http-client/1.1',
    negative: 'aws-sdk-go/1.44.157 (go1.19.3; linux; amd64)',
  },
  {
    name: 'Postman',
    kind: 'http-client',
    match: token('PostmanRuntime'),
    marker: 'PostmanRuntime',
    verdict: 'human',
    weight: 0.4,
    notes: 'Usually a person in the Postman app; newman runs the same runtime from CI (debatable).',
    source: 'postman-runtime default userAgent (PostmanRuntime/<version>)',
    positive: 'PostmanRuntime/7.36.1',
    negative: 'postman-collection-transformer/4.1.8',
  },
];

export function matchSignature(text: string): Signature | undefined {
  for (const sig of SIGNATURES) if (sig.match?.test(text)) return sig;
  return undefined;
}
