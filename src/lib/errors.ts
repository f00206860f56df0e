/** Input that does not match the CloudTrail / EventBridge shape detection relies on. */
export class EventValidationError extends Error {
  override name = 'EventValidationError';
}

/** A decoys.yml that cannot be trusted: wrong shape, duplicates, unreadable. */
export class RegistryError extends Error {
  override name = 'RegistryError';
}

/** A missing or malformed setting in the process environment. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
