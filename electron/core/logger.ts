import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Keys that carry personal data, as the contract names them (contract/credit.ts: `residentId`,
 * `mobile`, the applicant's `name`, the signature PNG) plus the contact phone and address of a
 * delivery and face descriptors.
 */
const PERSONAL_KEYS = ['residentId', 'mobile', 'phone', 'contactPhone', 'contactMobile', 'name', 'address', 'signature', 'descriptor'];

/**
 * Where they are looked for: at the top of a logged object and up to three objects (or lists)
 * down, so `applicant.residentId`, `input.applicant.mobile` and
 * `call.input.applicant.residentId` are all covered.
 */
const DEPTHS = ['', '*.', '*.*.', '*.*.*.'];

/**
 * Structured logs. Personal data never belongs in a log line; the redaction is a second
 * line of defence for fields that carry it, should one slip into a logged object.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const errors = { count: 0 };
  const log = pino(
    {
      level,
      base: { app: 'kiosk' },
      redact: {
        paths: DEPTHS.flatMap((depth) => PERSONAL_KEYS.map((key) => `${depth}${key}`)),
        censor: '[redacted]',
      },
      // Counted for the fleet heartbeat (children share the count).
      hooks: {
        logMethod(args, method, levelValue) {
          if (levelValue >= 50) errors.count++;
          method.apply(this, args);
        },
      },
    },
    destination ?? process.stderr,
  );
  Object.defineProperty(log, ERRORS, { value: errors });
  return log;
}

const ERRORS = Symbol('errors logged');

/** How many errors (and worse) `log` (made by createLogger) has logged (none when its level is above error). */
export function errorsLogged(log: Logger): number {
  return (log as Logger & { [ERRORS]?: { count: number } })[ERRORS]?.count ?? 0;
}
