import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Iam } from '../aws/iam.ts';
import { type ArtifactFormat, renderArtifact } from './artifacts.ts';
import { writeFileAtomic } from './files.ts';
import { nameProblems } from './fingerprint.ts';
import { appendDecoy, NEW_REGISTRY } from './registry-edit.ts';
import { parseRegistry } from './registry-yaml.ts';

/** A create that stopped; `cleanup` says what was undone in IAM, so the operator knows what is left. */
export class DecoyCreateError extends Error {
  override name = 'DecoyCreateError';
  /** The name is taken (in IAM or in decoys.yml) and nothing was created: another name may work. */
  nameTaken = false;
}

const taken = (message: string, cause?: unknown): DecoyCreateError =>
  Object.assign(new DecoyCreateError(message, { cause }), { nameTaken: true });

export interface CreateRequest {
  userName: string;
  placement: string;
  format: ArtifactFormat;
  decoysFile: string;
  out?: string;
  accountId?: string;
  profileName: string;
  region: string;
  force: boolean;
}

export interface CreateIo {
  iam: Pick<Iam, 'createUser' | 'createAccessKey' | 'deleteAccessKey' | 'deleteUser'>;
  /** Where the artifact goes when there is no --out. The only place the secret is ever written. */
  emitArtifact: (text: string) => void;
  /** The clock for `plantedAt`, which alerts show as the decoy's age. */
  now?: () => number;
}

export interface CreateResult {
  userName: string;
  accountId: string;
  accessKeyId: string;
  registryCreated: boolean;
}

function readRegistryText(path: string): { text: string; created: boolean } {
  if (!existsSync(path)) return { text: NEW_REGISTRY, created: true };
  return { text: readFileSync(path, 'utf8'), created: false };
}

/** Checks that need no AWS call, so a bad request never leaves anything behind. */
export function precheck(request: CreateRequest): void {
  const problems = nameProblems(request.userName);
  const blocking = problems.filter((problem) => !problem.forcible || !request.force);
  if (blocking.length > 0) {
    const forcible = blocking.every((problem) => problem.forcible);
    throw new DecoyCreateError(
      `refusing the name ${request.userName}: ${blocking.map((problem) => problem.reason).join('; ')}${forcible ? ' (pass --force to use it anyway)' : ''}`,
    );
  }
  const { text } = readRegistryText(request.decoysFile);
  const registry = parseRegistry(text, request.decoysFile);
  if (registry.decoys.some((decoy) => decoy.userName === request.userName)) {
    throw taken(`${request.userName} is already in ${request.decoysFile}`);
  }
  if (request.out && existsSync(request.out) && !request.force) {
    throw new DecoyCreateError(`${request.out} exists; pass --force to overwrite it`);
  }
}

/**
 * Creates the IAM user and one key (CreateUser, CreateAccessKey: nothing else), writes the artifact,
 * then records the decoy in decoys.yml. Any failure after CreateUser undoes what was created.
 */
export async function createDecoy(request: CreateRequest, io: CreateIo): Promise<CreateResult> {
  precheck(request);
  const { userName } = request;
  let user: { accountId: string };
  try {
    user = await io.iam.createUser(userName);
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'EntityAlreadyExistsException' || name === 'EntityAlreadyExists') {
      throw taken(`IAM user ${userName} already exists; nothing was created`, error);
    }
    throw new DecoyCreateError(`CreateUser failed: ${(error as Error).message}; nothing was created`, {
      cause: error,
    });
  }
  let keyId: string | undefined;
  let outWritten = false;
  try {
    if (request.accountId && request.accountId !== user.accountId) {
      throw new Error(`the credentials in use belong to account ${user.accountId}, not ${request.accountId}`);
    }
    const key = await io.iam.createAccessKey(userName);
    keyId = key.accessKeyId;
    const artifact = renderArtifact(request.format, {
      ...key,
      profileName: request.profileName,
      region: request.region,
    });
    const { text, created } = readRegistryText(request.decoysFile);
    const next = appendDecoy(
      text,
      {
        userName,
        accountId: user.accountId,
        accessKeyIds: [key.accessKeyId],
        placement: request.placement,
        plantedAt: new Date((io.now ?? Date.now)()).toISOString().replace(/\.\d+Z$/, 'Z'),
      },
      request.decoysFile,
    );
    if (request.out) {
      writeFileSync(request.out, artifact, { mode: 0o600, flag: request.force ? 'w' : 'wx' });
      outWritten = true;
    } else {
      io.emitArtifact(artifact);
    }
    writeFileAtomic(request.decoysFile, next.text);
    return { userName, accountId: user.accountId, accessKeyId: key.accessKeyId, registryCreated: created };
  } catch (error) {
    const undone = await undo(io, userName, keyId);
    if (outWritten && request.out) rmSync(request.out, { force: true });
    const printed =
      !request.out && keyId ? ' Discard any credentials already printed: that key is deleted.' : '';
    throw new DecoyCreateError(`${(error as Error).message}. ${undone}${printed}`, { cause: error });
  }
}

async function undo(io: CreateIo, userName: string, keyId: string | undefined): Promise<string> {
  const done: string[] = [];
  const left: string[] = [];
  if (keyId) {
    try {
      await io.iam.deleteAccessKey(userName, keyId);
      done.push(`access key ${keyId}`);
    } catch (error) {
      left.push(
        `aws iam delete-access-key --user-name ${userName} --access-key-id ${keyId} (${(error as Error).name})`,
      );
    }
  }
  try {
    await io.iam.deleteUser(userName);
    done.push(`IAM user ${userName}`);
  } catch (error) {
    left.push(`aws iam delete-user --user-name ${userName} (${(error as Error).name})`);
  }
  const removed = done.length ? `Cleaned up: deleted ${done.join(' and ')}.` : '';
  const manual = left.length ? ` Could not clean up; run: ${left.join('; ')}.` : '';
  return `${removed}${manual}`.trim();
}
