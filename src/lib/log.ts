/**
 * Structured JSON logs, one line per entry, in the shape CloudWatch Logs Insights reads: level,
 * message, timestamp, service, then the attributes. Never pass a secret: decoy secret keys are not
 * in the stack at all. Level and service come from POWERTOOLS_LOG_LEVEL / POWERTOOLS_SERVICE_NAME,
 * the names serverless.yml has always set (read here, once, because logging starts before config).
 */
const LEVELS = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type Level = Exclude<keyof typeof LEVELS, 'SILENT'>;

export interface Logger {
  debug(message: string, attributes?: Record<string, unknown>): void;
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

/** Errors do not serialise through JSON.stringify; keep their name, message and stack. */
function plain(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return typeof value === 'bigint' ? value.toString() : value;
}

export function makeLogger(
  options: { level?: string; service?: string; write?: (line: string) => void } = {},
): Logger {
  const threshold = LEVELS[(options.level ?? 'INFO').toUpperCase() as keyof typeof LEVELS] ?? LEVELS.INFO;
  const service = options.service ?? 'honeytrail';
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const log =
    (level: Level) =>
    (message: string, attributes: Record<string, unknown> = {}) => {
      if (LEVELS[level] < threshold) return;
      const entry = { level, message, timestamp: new Date().toISOString(), service, ...attributes };
      write(`${JSON.stringify(entry, plain)}\n`);
    };
  return { debug: log('DEBUG'), info: log('INFO'), warn: log('WARN'), error: log('ERROR') };
}

export const logger: Logger = makeLogger({
  level: process.env.POWERTOOLS_LOG_LEVEL ?? process.env.LOG_LEVEL,
  service: process.env.POWERTOOLS_SERVICE_NAME,
});
