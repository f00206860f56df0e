/** Bad command-line use: unknown option, missing argument. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An input path that cannot be read at all (missing, permission denied). Exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
}
