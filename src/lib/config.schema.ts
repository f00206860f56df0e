import * as z from 'zod/mini';
import { blankToUndefined, csvList } from './validate/hooks.ts';

/*
 * The environment schemas, and nothing else: Lambda bundles replace this module with its compiled
 * validators (src/lib/validate/compile.ts), so it may export only schemas.
 */

const csv = z.pipe(z.optional(z.string()), z.transform(csvList));

/** An optional setting; an empty value (as a deploy leaves unset parameters) means unset. */
const optionalText = z.pipe(z.optional(z.string()), z.transform(blankToUndefined));

/** A whole number from an environment string, within bounds, with a default when unset. */
const whole = (min: number, max: number, fallback: number) =>
  z._default(z.pipe(z.coerce.number(), z.int().check(z.gte(min), z.lte(max))), fallback);

const SNS_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]+$/;

/** The detector's own resources, which the detector-tamper rule guards (docs/tamper.md). */
const DETECTOR_NAMES = {
  /** Prefixes of rule names in other stacks that also feed honeytrail (the per-region forwarders). */
  HONEYTRAIL_RULE_PREFIXES: csv,
  HONEYTRAIL_FUNCTION_NAMES: csv,
  /** The rest of the stack, named as deploy/ makes it. */
  HONEYTRAIL_ROLE_NAMES: csv,
  HONEYTRAIL_QUEUE_NAMES: csv,
  HONEYTRAIL_ALARM_NAMES: csv,
  HONEYTRAIL_KEY_ARNS: csv,
  HONEYTRAIL_BUS_STATEMENTS: csv,
};

/** Every setting honeytrail reads from the environment, in one place. */
export const ConfigSchema = z.object({
  TABLE_NAME: z
    .string({ error: 'missing: set TABLE_NAME to the DynamoDB table name' })
    .check(z.minLength(1, 'set TABLE_NAME to the DynamoDB table name')),
  TOPIC_ARN: z
    .string({ error: 'missing: set TOPIC_ARN to the alert topic ARN' })
    .check(z.regex(SNS_ARN, 'set TOPIC_ARN to the alert topic ARN')),
  DECOYS_FILE: z._default(z.string().check(z.minLength(1)), 'decoys.yml'),
  /** A decoy's incident closes after this long without activity. */
  INCIDENT_QUIET_SECONDS: whole(60, 2_592_000, 86_400),
  /** At most one update e-mail per incident per window; 0 mails every held-back call. */
  DIGEST_WINDOW_SECONDS: whole(0, 604_800, 3600),
  RETENTION_DAYS: whole(1, 3650, 365),
  HONEYTRAIL_RULE_NAMES: csv,
  ...DETECTOR_NAMES,
  TRAIL_BUCKET: optionalText,
  TRAIL_NAME: optionalText,
  TOR_EXIT_LIST_FILE: optionalText,
  /** Where the audit fetches the Tor exit list weekly; the Tor Project's bulk exit list by default. */
  TOR_LIST_URL: z._default(
    z.string().check(z.regex(/^https?:\/\/\S+$/, 'set TOR_LIST_URL to an http(s) URL')),
    'https://check.torproject.org/torbulkexitlist',
  ),
  /** The dead-letter queues the redrive function empties back into the functions. */
  REDRIVE_QUEUE_URLS: csv,
  /** The chat topic AWS's chat integration reads custom notifications from; unset: no chat channel. */
  CHAT_TOPIC_ARN: z.pipe(
    optionalText,
    z.optional(
      z.string().check(z.regex(SNS_ARN, 'set CHAT_TOPIC_ARN to the chat topic ARN, or leave it empty')),
    ),
  ),
  /** Bus for `Honeytrail Detection` / `Honeytrail Incident Changed` events (`default`); unset: none. */
  EVENT_BUS_NAME: optionalText,
  /** The account's default Security Hub product ARN; unset: no findings are imported. */
  SECURITY_HUB_PRODUCT_ARN: z.pipe(
    optionalText,
    z.optional(
      z
        .string()
        .check(
          z.regex(
            /^arn:aws[a-z-]*:securityhub:[a-z0-9-]+:(\d{12}):product\/\1\/default$/,
            'set SECURITY_HUB_PRODUCT_ARN to arn:<partition>:securityhub:<region>:<account>:product/<account>/default',
          ),
        ),
    ),
  ),
});
export type Config = z.infer<typeof ConfigSchema>;

/** What the CLI reads from the environment: all optional, since each command needs only some of it. */
export const CliConfigSchema = z.object({
  AWS_REGION: optionalText,
  TABLE_NAME: optionalText,
  HONEYTRAIL_RULE_NAMES: csv,
  TRAIL_NAME: optionalText,
  /** Set when the CLI talks to a local DynamoDB (the local stack): who did it is then the OS user. */
  AWS_ENDPOINT_URL_DYNAMODB: optionalText,
  /** When set, `incidents resolve` also sets the incident's Security Hub findings to RESOLVED. */
  SECURITY_HUB_PRODUCT_ARN: optionalText,
  /** When set (`default`), `incidents ack` and `resolve` put a `Honeytrail Incident Changed` event on it. */
  EVENT_BUS_NAME: optionalText,
  /** The detector's own names, as the Lambda functions get them: `analyze` honours them too. */
  ...DETECTOR_NAMES,
  TOPIC_ARN: optionalText,
  TRAIL_BUCKET: optionalText,
  /** A custom S3 endpoint (the SDK reads it itself); analyze then addresses buckets path-style. */
  AWS_ENDPOINT_URL_S3: optionalText,
  AWS_ENDPOINT_URL: optionalText,
});
export type CliConfig = z.infer<typeof CliConfigSchema>;
