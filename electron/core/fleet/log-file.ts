import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';

/**
 * The kiosk's log file, `<dataDir>/logs/kiosk.log`, beside what goes to stderr (which the OS
 * supervisor keeps): what a collect_logs command reads (issue 12 item 4). It is kept small: when it
 * passes LOG_FILE_MAX_BYTES it becomes `kiosk.log.1` (the one before is dropped) and a new file
 * starts, checked at start and every few minutes.
 */
export const LOG_FILE_MAX_BYTES = 8 * 1024 * 1024;
const ROTATE_CHECK_EVERY_MS = 5 * 60_000;

export function logFilePath(dataDir: string): string {
  return join(dataDir, 'logs', 'kiosk.log');
}

export interface LogDestination {
  /** Pass to createLogger: every line goes to stderr and to the file. */
  readonly stream: NodeJS.WritableStream;
  readonly file: string;
  close(): void;
}

/** Where the shells' logger writes: stderr and the log file (rotated by size). */
export function kioskLogDestination(dataDir: string, options: { maxBytes?: number; stderr?: NodeJS.WritableStream } = {}): LogDestination {
  const file = logFilePath(dataDir);
  const maxBytes = options.maxBytes ?? LOG_FILE_MAX_BYTES;
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  rotateIfLarge(file, maxBytes);
  const destination = pino.destination({ dest: file, sync: true, mkdir: true });
  const timer = setInterval(() => {
    if (rotateIfLarge(file, maxBytes)) destination.reopen();
  }, ROTATE_CHECK_EVERY_MS);
  timer.unref();
  // Each stream takes every level the logger lets through (the logger's own level decides).
  const stream = pino.multistream([
    { level: 'trace', stream: options.stderr ?? process.stderr },
    { level: 'trace', stream: destination },
  ]);
  return {
    // pino's multistream is a destination pino writes to, which is all createLogger does with a stream.
    stream: stream as unknown as NodeJS.WritableStream,
    file,
    close() {
      clearInterval(timer);
      destination.flushSync();
    },
  };
}

function rotateIfLarge(file: string, maxBytes: number): boolean {
  try {
    if (!existsSync(file) || statSync(file).size < maxBytes) return false;
    renameSync(file, `${file}.1`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The newest `maxBytes` of the log (the rotated file's end first, when the current one is short),
 * as text starting at a whole line.
 */
export function readLogTail(dataDir: string, maxBytes: number): { text: string; truncated: boolean } {
  const file = logFilePath(dataDir);
  const parts: string[] = [];
  let left = maxBytes;
  let truncated = false;
  for (const f of [file, `${file}.1`]) {
    if (left <= 0) {
      truncated ||= existsSync(f);
      break;
    }
    const tail = tailOf(f, left);
    if (tail === null) continue;
    parts.unshift(tail.text);
    left -= tail.bytes;
    truncated ||= tail.cut;
  }
  let text = parts.join('');
  if (truncated) {
    // The first line was cut in the middle: start at the next whole one.
    const newline = text.indexOf('\n');
    text = newline === -1 ? '' : text.slice(newline + 1);
  }
  return { text, truncated };
}

function tailOf(file: string, maxBytes: number): { text: string; bytes: number; cut: boolean } | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return { text: buffer.toString('utf8'), bytes: length, cut: length < size };
  } finally {
    closeSync(fd);
  }
}
