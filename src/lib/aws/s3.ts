import type { S3Client } from '@aws-sdk/client-s3';

export interface S3Object {
  key: string;
  size: number;
}

/** Reading CloudTrail archives from S3: list a prefix page by page, get one object's bytes. */
export interface S3Reader {
  list(bucket: string, prefix: string): AsyncIterable<S3Object>;
  get(bucket: string, key: string): Promise<Buffer>;
  /** Closes the client's sockets. */
  close(): void;
}

export interface S3ReaderOptions {
  client?: S3Client;
  /**
   * Path-style addressing (`endpoint/bucket/key`). Custom endpoints set with AWS_ENDPOINT_URL_S3
   * (MinIO, moto, a VPC endpoint by IP) usually need it; AWS itself does not.
   */
  forcePathStyle?: boolean;
}

/**
 * The one S3 adapter. The SDK reads AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL itself. The SDK is
 * loaded on first use, so runs over local files (and each worker thread) do not pay for it.
 */
export function makeS3Reader(options: S3ReaderOptions = {}): S3Reader {
  const sdk = import('@aws-sdk/client-s3');
  let made: S3Client | undefined = options.client;
  const client = async (): Promise<S3Client> => {
    made ??= new (await sdk).S3Client({ forcePathStyle: options.forcePathStyle ?? false });
    return made;
  };
  return {
    async *list(bucket, prefix) {
      const { ListObjectsV2Command } = await sdk;
      let token: string | undefined;
      do {
        const page = await (await client()).send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const item of page.Contents ?? []) {
          if (item.Key) yield { key: item.Key, size: item.Size ?? 0 };
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async get(bucket, key) {
      const { GetObjectCommand } = await sdk;
      const response = await (await client()).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!response.Body) throw new Error(`s3://${bucket}/${key}: empty response body`);
      return Buffer.from(await response.Body.transformToByteArray());
    },
    close() {
      made?.destroy();
    },
  };
}

/** `s3://bucket/prefix/` -> bucket and prefix; undefined for anything else. */
export function parseS3Url(url: string): { bucket: string; prefix: string } | undefined {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match?.[1]) return undefined;
  return { bucket: match[1], prefix: match[2] ?? '' };
}

/** An SDK error as one short phrase: "AccessDenied: Access Denied". */
export function s3ErrorText(cause: unknown): string {
  if (cause instanceof Error) {
    const code = cause.name && cause.name !== 'Error' ? `${cause.name}: ` : '';
    return `${code}${cause.message}`.slice(0, 300);
  }
  return String(cause).slice(0, 300);
}
