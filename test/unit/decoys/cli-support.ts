import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { type DecoyCliDeps, runDecoyCli } from '../../../src/cli/decoy.ts';

export const REGISTRY_WITH_COMMENTS = `# Decoys for the payments team. Key IDs only.
# Owner: secops@acme.example
decoys:
  # The first one, planted in 2025.
  - userName: prod-db-backup-user   # keep this name
    accountId: "123456789012"
    accessKeyIds: [AKIA2E0A8F3B244C9986]
    placement: "credentials.txt in the private repo acme/payments"
`;

export function workspace(registry: string | undefined = REGISTRY_WITH_COMMENTS) {
  const dir = mkdtempSync(join(tmpdir(), 'honeytrail-cli-'));
  const decoys = join(dir, 'decoys.yml');
  if (registry !== undefined) writeFileSync(decoys, registry);
  return { dir, decoys };
}

/** Runs `honeytrail <argv>` in-process with captured output and fixed clients, time and randomness. */
export async function cli(
  argv: string[],
  env: Record<string, string | undefined> = {},
  overrides: Partial<DecoyCliDeps> = {},
) {
  let stdout = '';
  let stderr = '';
  let draw = 0;
  const code = await runDecoyCli(argv, {
    iam: () => new IAMClient({ region: 'us-east-1' }),
    cloudTrail: () => new CloudTrailClient({ region: 'us-east-1' }),
    eventBridge: () => new EventBridgeClient({ region: 'us-east-1' }),
    env,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    random: () => {
      draw += 1;
      return (((draw * 0.618034) % 1) + 1) % 1;
    },
    now: () => new Date('2026-11-28T10:00:00Z'),
    setExitCode: () => {},
    ...overrides,
  });
  return { code, stdout, stderr };
}
