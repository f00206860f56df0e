export const ARTIFACT_FORMATS = ['credentials', 'env', 'dotenv', 'dockerfile', 'text'] as const;
export type ArtifactFormat = (typeof ARTIFACT_FORMATS)[number];

export interface ArtifactInput {
  accessKeyId: string;
  secretAccessKey: string;
  /** Section name in ~/.aws/credentials. */
  profileName: string;
  region: string;
}

/**
 * The text an operator plants. It holds the secret, so it only ever goes to stdout or a 0600 file.
 * Each format copies what a careless human would really leave behind, with no honeytrail marker.
 */
export function renderArtifact(format: ArtifactFormat, input: ArtifactInput): string {
  const { accessKeyId: id, secretAccessKey: secret, region } = input;
  switch (format) {
    case 'credentials':
      return `[${input.profileName}]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`;
    case 'env':
      return `export AWS_ACCESS_KEY_ID=${id}\nexport AWS_SECRET_ACCESS_KEY=${secret}\nexport AWS_DEFAULT_REGION=${region}\n`;
    case 'dotenv':
      return `AWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${secret}\nAWS_REGION=${region}\n`;
    case 'dockerfile':
      return `ENV AWS_ACCESS_KEY_ID=${id} \\\n    AWS_SECRET_ACCESS_KEY=${secret} \\\n    AWS_DEFAULT_REGION=${region}\n`;
    case 'text':
      return `AWS access (${input.profileName})\nAccess key ID: ${id}\nSecret access key: ${secret}\nRegion: ${region}\n`;
  }
}
