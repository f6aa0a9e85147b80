import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ApplyRequest } from '../../../electron/contract/credit.ts';
import { createLogger, type Logger } from '../../../electron/core/logger.ts';

/** Synthetic, with a valid check digit (not a real person). */
const RESIDENT_ID = '110105198808081237';
const MOBILE = '13912345678';
const NAME = '张晓明';

const request: ApplyRequest = {
  sessionId: '019a1b2c-3d4e-7f00-8000-0000000000aa',
  requestId: 'req-20261201-0001',
  purchase: { productId: '019a1b2c-3d4e-7f00-8000-000000000001' },
  plan: { productId: 'demo-bank-12', termMonths: 12 },
  applicant: { name: NAME, residentId: RESIDENT_ID, mobile: MOBILE, employment: 'employed', incomeBand: '6k_10k' },
  consents: { credit_assessment: 'credit-assessment-2026-12-01', personal_data: 'personal-data-2026-12-01' },
  locale: 'zh-CN',
};

/** Log lines as they would reach the log file, parsed back. */
function logged(write: (log: Logger) => void): Record<string, unknown>[] {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  write(createLogger('info', stream));
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('log redaction', () => {
  it('never writes the resident ID, mobile number or name of a credit application, wherever it sits', () => {
    const lines = logged((log) => {
      log.info(request.applicant, 'applicant at the top');
      log.info({ request }, 'request');
      log.info({ channel: 'applyForCredit', input: request }, 'channel input');
      log.info({ call: { channel: 'applyForCredit', input: request } }, 'nested call');
      log.info({ batch: [{ applicant: request.applicant }] }, 'in a list');
      log.info({ order: { delivery: { contact: { name: NAME, mobile: MOBILE, phone: MOBILE } }, contactPhone: MOBILE, contactMobile: MOBILE } }, 'delivery contact');
    });
    expect(lines).toHaveLength(6);
    for (const line of lines) {
      const text = JSON.stringify(line);
      for (const secret of [RESIDENT_ID, MOBILE, NAME]) expect(text, `${String(line.msg)}: ${secret}`).not.toContain(secret);
      expect(text, String(line.msg)).toContain('[redacted]');
    }
    // What is not personal stays readable.
    expect(lines[2]).toMatchObject({ channel: 'applyForCredit', input: { requestId: request.requestId, plan: request.plan, applicant: { employment: 'employed' } } });
  });

  it('keeps face descriptors and signatures out too', () => {
    const [line] = logged((log) => log.warn({ member: { descriptor: [0.12, -0.3] }, contract: { signature: 'data:image/png;base64,iVBORw0K' } }, 'oops'));
    expect(line).toMatchObject({ member: { descriptor: '[redacted]' }, contract: { signature: '[redacted]' } });
  });
});
