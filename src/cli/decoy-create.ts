import { Command, Option } from 'commander';
import type { makeIam } from '../lib/aws/iam.ts';
import { ARTIFACT_FORMATS, type ArtifactFormat } from '../lib/decoys/artifacts.ts';
import { type CreateResult, createDecoy, DecoyCreateError } from '../lib/decoys/create.ts';
import { generateName, NAME_PROFILES, type NameProfile } from '../lib/decoys/names.ts';
import { accountId, DECOYS_OPTION, type DecoyCliDeps, EXIT, guarded } from './decoy-shared.ts';

interface CreateOptions {
  name?: string;
  profile?: NameProfile;
  placement: string;
  format: ArtifactFormat;
  out?: string;
  decoys: string;
  account?: string;
  profileName: string;
  region: string;
  force?: boolean;
}

export function createCommand(deps: DecoyCliDeps, iam: () => ReturnType<typeof makeIam>): Command {
  const command = new Command('create')
    .description('create a decoy IAM user with one access key, print the bait, and add it to decoys.yml')
    .addOption(new Option('--name <user>', 'IAM user name to create').conflicts('profile'))
    .addOption(
      new Option('--profile <kind>', 'generate a realistic name for this kind of account').choices(
        NAME_PROFILES,
      ),
    )
    .requiredOption('--placement <where>', 'where the credentials will be planted (kept in decoys.yml)')
    .addOption(
      new Option('--format <format>', 'shape of the planted credentials')
        .choices(ARTIFACT_FORMATS)
        .default('credentials'),
    )
    .option('--out <file>', 'write the credentials to this file (mode 0600) instead of stdout')
    .addOption(DECOYS_OPTION('update'))
    .option(
      '--account <id>',
      'expected AWS account ID; refuse and clean up if the credentials are for another',
      accountId,
    )
    .option('--profile-name <section>', 'section name in the credentials format', 'default')
    .option(
      '--region <region>',
      'region written into the env, dotenv, dockerfile and text formats',
      'us-east-1',
    )
    .option('--force', 'accept a name that would fingerprint the decoy; overwrite --out')
    .addHelpText(
      'after',
      `
IAM calls made: CreateUser and CreateAccessKey only (no path, tags, policies, groups or password).
The secret key appears only in the output; it is never logged or stored.

Examples:
  honeytrail decoy create --profile backup --placement "credentials.txt in repo acme/payments" --format text --out credentials.txt
  honeytrail decoy create --name ci-deploy-runner --placement "ENV in the build image Dockerfile" --format dockerfile`,
    );
  command.action(
    guarded(deps, async () => {
      const options = command.opts<CreateOptions>();
      if (!options.name && !options.profile) {
        command.error('give either --name <user> or --profile <kind>', {
          exitCode: EXIT.usage,
          code: 'honeytrail.usage',
        });
      }
      const request = (userName: string) => ({
        userName,
        placement: options.placement,
        format: options.format,
        decoysFile: options.decoys,
        ...(options.out ? { out: options.out } : {}),
        ...(options.account ? { accountId: options.account } : {}),
        profileName: options.profileName,
        region: options.region,
        force: options.force === true,
      });
      const io = { iam: iam(), emitArtifact: deps.stdout };
      let result: CreateResult | undefined;
      // A generated name may already be taken; nothing was created then, so another name is safe to try.
      for (let attempt = 1; !result; attempt += 1) {
        const userName = options.name ?? generateName(options.profile ?? 'ci', deps.random);
        try {
          result = await createDecoy(request(userName), io);
        } catch (error) {
          if (options.name || attempt >= 5 || !(error instanceof DecoyCreateError) || !error.nameTaken)
            throw error;
          deps.stderr(`${error.message}; trying another name.\n`);
        }
      }
      const say = (line: string) => deps.stderr(`${line}\n`);
      say(
        `Created IAM user ${result.userName} in account ${result.accountId} with access key ${result.accessKeyId}.`,
      );
      say(
        options.out
          ? `Wrote the ${options.format} credentials to ${options.out} (mode 0600).`
          : `Printed the ${options.format} credentials on stdout.`,
      );
      say(
        `${result.registryCreated ? 'Created' : 'Updated'} ${options.decoys}. The secret key is not kept anywhere else.`,
      );
      say(
        `Next: redeploy honeytrail so its EventBridge patterns include ${result.accessKeyId}, then plant it: ${options.placement}`,
      );
    }),
  );
  return command;
}
