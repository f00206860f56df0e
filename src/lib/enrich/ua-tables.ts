/** Data tables for the userAgent parser: product tokens, languages, OSes, distributions, environments. */

export interface FamilyRow {
  /** Lower-cased token name. */
  token: string;
  family: (version: string) => string;
}

const major = (v: string): string => v.split('.')[0] ?? '';

/** SDK and CLI families by their product token. First matching row in token order wins. */
export const FAMILIES: readonly FamilyRow[] = [
  { token: 'aws-cli', family: (v) => (major(v) === '1' ? 'aws-cli v1' : 'aws-cli v2') },
  { token: 'boto3', family: () => 'boto3' },
  { token: 'aws-sdk-js', family: (v) => (major(v) === '2' ? 'AWS SDK for JS v2' : 'AWS SDK for JS v3') },
  { token: 'aws-sdk-nodejs', family: () => 'AWS SDK for JS v2' },
  { token: 'aws-sdk-go-v2', family: () => 'AWS SDK for Go v2' },
  { token: 'aws-sdk-go', family: () => 'AWS SDK for Go v1' },
  {
    token: 'aws-sdk-java',
    family: (v) => (major(v) === '1' ? 'AWS SDK for Java v1' : 'AWS SDK for Java v2'),
  },
  { token: 'aws-sdk-dotnet-coreclr', family: () => 'AWS SDK for .NET' },
  { token: 'aws-sdk-dotnet-45', family: () => 'AWS SDK for .NET' },
  { token: 'aws-sdk-dotnet-framework', family: () => 'AWS SDK for .NET' },
  { token: 'aws-sdk-dotnet-core', family: () => 'AWS SDK for .NET' },
  { token: 'aws-sdk-dotnet', family: () => 'AWS SDK for .NET' },
  { token: 'aws-sdk-ruby3', family: () => 'AWS SDK for Ruby' },
  { token: 'aws-sdk-ruby2', family: () => 'AWS SDK for Ruby' },
  { token: 'aws-sdk-ruby', family: () => 'AWS SDK for Ruby' },
  { token: 'aws-sdk-php', family: () => 'AWS SDK for PHP' },
  { token: 'aws-sdk-rust', family: () => 'AWS SDK for Rust' },
  { token: 'aws-sdk-cpp', family: () => 'AWS SDK for C++' },
  { token: 'aws-sdk-kotlin', family: () => 'AWS SDK for Kotlin' },
  { token: 'aws-sdk-swift', family: () => 'AWS SDK for Swift' },
  { token: 'awspowershell', family: () => 'AWS Tools for PowerShell' },
  { token: 'awspowershell.common', family: () => 'AWS Tools for PowerShell' },
  { token: 'awspowershell.netcore', family: () => 'AWS Tools for PowerShell' },
  { token: 'aws.tools', family: () => 'AWS Tools for PowerShell' },
  { token: 'botocore', family: () => 'botocore' },
  // Community Rust SDK, seen from Lambda workers.
  { token: 'rusoto', family: () => 'rusoto (Rust)' },
];

export const FAMILY_BY_TOKEN = new Map(FAMILIES.map((row) => [row.token, row]));

/** Language/runtime tokens of the legacy format (name/version). */
export const LANG_TOKENS: Readonly<Record<string, string>> = {
  python: 'Python',
  ruby: 'Ruby',
  php: 'PHP',
  java: 'Java',
  go: 'Go',
  powershell: 'PowerShell',
  '.net_runtime': '.NET',
  '.net_framework': '.NET',
  '.net_core': '.NET',
};

/** OS tokens of the legacy format; version is the kernel or OS release. */
export const OS_TOKENS: Readonly<Record<string, string>> = {
  linux: 'Linux',
  darwin: 'macOS',
  windows: 'Windows',
  windows_nt: 'Windows',
  win32: 'Windows',
  macos: 'macOS',
  freebsd: 'FreeBSD',
  android: 'Android',
  ios: 'iOS',
};

export interface DistroRow {
  match: RegExp;
  distro: string;
  pentest?: boolean;
  execEnv?: string;
}

/** Kernel release suffixes and `md/distrib`/`exe` values, most telling first. */
export const DISTROS: readonly DistroRow[] = [
  { match: /kali/i, distro: 'Kali Linux', pentest: true },
  { match: /parrot/i, distro: 'Parrot OS', pentest: true },
  { match: /pentoo/i, distro: 'Pentoo', pentest: true },
  { match: /blackarch/i, distro: 'BlackArch', pentest: true },
  { match: /amzn2023|amzn\.2023|al2023/i, distro: 'Amazon Linux 2023', execEnv: 'EC2 (Amazon Linux kernel)' },
  { match: /amzn2|amzn\.2\b|amzn1/i, distro: 'Amazon Linux 2', execEnv: 'EC2 (Amazon Linux kernel)' },
  { match: /-aws$/i, distro: 'Ubuntu', execEnv: 'EC2 (AWS-tuned Ubuntu kernel)' },
  { match: /-azure$/i, distro: 'Ubuntu', execEnv: 'Azure VM' },
  { match: /-gcp$/i, distro: 'Ubuntu', execEnv: 'GCP VM' },
  { match: /microsoft-standard|wsl/i, distro: 'WSL' },
  { match: /ubuntu/i, distro: 'Ubuntu' },
  { match: /-generic$/i, distro: 'Ubuntu' },
  { match: /debian|-cloud-amd64$|-cloud-arm64$/i, distro: 'Debian' },
  { match: /\.el[789]|rhel/i, distro: 'RHEL-compatible' },
  { match: /\.fc\d\d|fedora/i, distro: 'Fedora' },
  { match: /-arch\d|^arch\b/i, distro: 'Arch Linux' },
  { match: /manjaro/i, distro: 'Manjaro' },
  { match: /alpine/i, distro: 'Alpine' },
];

export const EXEC_ENVS: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^AWS_Lambda_(.+)$/i, (m) => `AWS Lambda (${m[1]})`],
  [/^CloudShell$/i, () => 'AWS CloudShell'],
  [/^AWS_ECS_FARGATE$/i, () => 'ECS Fargate'],
  [/^AWS_ECS_EC2$/i, () => 'ECS on EC2'],
  [/^AWS_ECS_(.+)$/i, (m) => `ECS (${m[1]})`],
  [/^AWS_Lambda$/i, () => 'AWS Lambda'],
  [/^AWS_Glue/i, () => 'AWS Glue'],
  [/^AWS_SageMaker/i, () => 'SageMaker'],
];

export const BROWSERS: readonly [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/[\d.]+/, 'Edge'],
  [/\bOPR\/[\d.]+/, 'Opera'],
  [/\bFirefox\/[\d.]+/, 'Firefox'],
  [/\bChrome\/[\d.]+/, 'Chrome'],
  [/\bVersion\/[\d.]+.*Safari\/[\d.]+/, 'Safari'],
];
