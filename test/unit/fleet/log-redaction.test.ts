import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { redactLogText } from '../../../electron/domain/log-redaction.ts';
import { kioskLogDestination, logFilePath, readLogTail } from '../../../electron/core/fleet/log-file.ts';
import { createLogger } from '../../../electron/core/logger.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();

describe('log redaction (collect_logs)', () => {
  it('replaces ID numbers, phone numbers, tokens, keys and face vectors, and nothing a log needs', () => {
    const cases: Array<[string, string]> = [
      ['mobile 13812345678.', 'mobile [redacted:phone].'],
      ['mobile 138 1234 5678 / +86 139-8765-4321', 'mobile [redacted:phone] / [redacted:phone]'],
      ['landline 010-12345678 (021)87654321', 'landline [redacted:phone] [redacted:phone]'],
      ['id 11010519491231002X, 110105 19491231 002x, old 130503670401001', 'id [redacted:id], [redacted:id], old [redacted:id]'],
      ['Authorization: Bearer abcdefgh.ijk', 'Authorization: "[redacted:token]" [redacted:token]'],
      ['jws eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2ln', 'jws [redacted:token]'],
      ['{"token":"s3cr3t","password":"hunter2"}', '{"token":"[redacted:token]","password":"[redacted:token]"}'],
      ['hmac 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'hmac [redacted:secret]'],
      ['key Mx7sY2Lb0qZ8v1r3T5w9xK4nQ6pJ2hG8fD0sA1zC3vB', 'key [redacted:secret]'],
      ['code 7KQ2-M8XD-3FPA', 'code [redacted:code]'],
      [`face [${Array.from({ length: 128 }, (_, i) => (i / 1000).toFixed(4)).join(',')}]`, 'face [redacted:vector]'],
      ['-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----', '[redacted:key]'],
    ];
    for (const [input, output] of cases) expect(redactLogText(input).text, input).toBe(output);
    // What logs are made of stays: times, ids, versions, paths, counts, masked forms, error codes.
    const plain =
      '{"level":30,"time":1767225600000,"pid":4021,"kioskId":"0191f3a2-1381-7345-8789-0123456789ab","version":"1.4.2","seq":12,"dir":"/home/kiosk/.config/appliance-kiosk","masked":"1101**********002X","code":"SQLITE_BUSY","msg":"sync with HQ failed"}';
    expect(redactLogText(plain)).toEqual({ text: plain, redactions: 0 });
  });

  it('counts what it replaced and is idempotent (HQ redacts again what the kiosk redacted)', () => {
    const once = redactLogText('a 13812345678 b 11010519491231002X c Bearer abcdefghijkl');
    expect(once.redactions).toBe(3);
    expect(redactLogText(once.text)).toEqual({ text: once.text, redactions: 0 });
  });
});

describe('the kiosk log file', () => {
  it('gets every line the logger writes, and its tail reads from a whole line across the rotated file', () => {
    const dir = tempDir();
    const destination = kioskLogDestination(dir, { stderr: new Writable({ write: (_c, _e, done) => done() }) });
    const log = createLogger('info', destination.stream);
    log.info({ count: 3 }, 'first');
    log.debug('below the level');
    destination.close();
    const text = readLogTail(dir, 1024 * 1024).text;
    expect(text).toMatch(/"count":3.*"msg":"first"/);
    expect(text).not.toContain('below the level');

    writeFileSync(`${logFilePath(dir)}.1`, 'older line one\nolder line two\n');
    appendFileSync(logFilePath(dir), 'newest line\n');
    expect(readLogTail(dir, 1024 * 1024)).toEqual({ text: expect.stringMatching(/^older line one\nolder line two\n.*first.*\nnewest line\n$/s), truncated: false });
    // Only the newest bytes, from the first whole line in them.
    expect(readLogTail(dir, 'line two\n'.length + 5 + text.length + 'newest line\n'.length)).toEqual({ text: expect.stringMatching(/^.*first.*\nnewest line\n$/s), truncated: true });
  });

  it('rotates a file past its size at start: one older file is kept', () => {
    const dir = tempDir();
    const quiet = new Writable({ write: (_c, _e, done) => done() });
    kioskLogDestination(dir, { stderr: quiet, maxBytes: 10 }).close();
    appendFileSync(logFilePath(dir), 'x'.repeat(20));
    kioskLogDestination(dir, { stderr: quiet, maxBytes: 10 }).close();
    expect(existsSync(`${logFilePath(dir)}.1`)).toBe(true);
    expect(readLogTail(dir, 100).text).toBe('x'.repeat(20));
  });
});
