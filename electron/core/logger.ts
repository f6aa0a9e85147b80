import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. Personal data never belongs in a log line; the redaction is a second
 * line of defence for fields that carry it, should one slip into a logged object.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'kiosk' },
      redact: {
        paths: ['*.idNumber', '*.phone', '*.descriptor', '*.name', 'idNumber', 'phone', 'descriptor'],
        censor: '[redacted]',
      },
    },
    destination ?? process.stderr,
  );
}
