import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HQ_ROUTES, type HqError, type MobileCodeResponse } from '../../electron/contract/sync.ts';
import { ATTEMPTS_PER_CODE, CODE_TTL_MS, CODES_PER_NUMBER_PER_HOUR, httpSmsGateway, RESEND_AFTER_MS, type SmsGateway } from '../../hq/members/mobile-codes.ts';
import { startTestHq, TestKiosk, type TestHq } from './harness.ts';

/** The phone at the other end of the SMS gateway: what was texted to whom. */
class Phones implements SmsGateway {
  readonly texts: Array<{ to: string; text: string }> = [];
  down = false;
  async send(to: string, text: string): Promise<void> {
    if (this.down) throw new Error('gateway refused');
    this.texts.push({ to, text });
  }
  lastCode(to: string): string {
    const text = this.texts.filter((t) => t.to === to).at(-1)?.text;
    const code = text && /验证码 (\d{6})/.exec(text)?.[1];
    if (!code) throw new Error(`nothing texted to the number`);
    return code;
  }
}

const clock = { at: Date.parse('2026-12-03T10:00:00+08:00') };
const phones = new Phones();
const logLines: string[] = [];
let hq: TestHq;
let kiosk: TestKiosk;
let other: TestKiosk;
let n = 0;
/** A number no other test texted (the limits are per number). */
const freshNumber = () => `1390000${String(1000 + n++).padStart(4, '0')}`;

beforeAll(async () => {
  hq = await startTestHq({ now: () => clock.at, sms: phones, log: pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) }) });
  kiosk = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S001'));
  other = await TestKiosk.enrol(hq.url, await hq.enrolmentCode('S002'));
  kiosk.clock = other.clock = () => clock.at;
});
afterAll(() => hq?.close());
beforeEach(() => {
  phones.down = false;
});

const ask = (mobile: string, by = kiosk) => by.post<MobileCodeResponse>(HQ_ROUTES.mobileCode, { mobile });
const check = (challengeId: string, code: string, by = kiosk) => by.post<{ verified: true }>(HQ_ROUTES.mobileCodeCheck, { challengeId, code });
const errorOf = (body: unknown) => (body as HqError).error;
const sent = (body: unknown) => body as MobileCodeResponse;
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('member codes at HQ', () => {
  it('texts a six-digit code to the number, and the right code proves it once', async () => {
    const mobile = freshNumber();
    const answer = await ask(mobile);
    expect(answer.status).toBe(200);
    const { challengeId, expiresAt, resendAt } = sent(answer.body);
    expect(expiresAt - clock.at).toBe(CODE_TTL_MS);
    expect(resendAt - clock.at).toBe(RESEND_AFTER_MS);
    const code = phones.lastCode(mobile);

    const wrong = await check(challengeId, wrongCode(code));
    expect(wrong.status).toBe(422);
    expect(errorOf(wrong.body)).toMatchObject({ code: 'CODE_WRONG', attemptsLeft: ATTEMPTS_PER_CODE - 1 });
    expect(await check(challengeId, code)).toMatchObject({ status: 200, body: { verified: true } });
    // Used once: the same code again is refused.
    expect(errorOf((await check(challengeId, code)).body).code).toBe('CODE_EXPIRED');
  });

  it('only the kiosk that asked may check a code', async () => {
    const mobile = freshNumber();
    const { challengeId } = sent((await ask(mobile)).body);
    const answer = await check(challengeId, phones.lastCode(mobile), other);
    expect(answer.status).toBe(410);
    expect(errorOf(answer.body).code).toBe('CODE_EXPIRED');
    expect((await check(challengeId, phones.lastCode(mobile))).status).toBe(200);
  });

  it(`after ${ATTEMPTS_PER_CODE} wrong tries even the right code is refused; and a code past its time is refused`, async () => {
    const mobile = freshNumber();
    const { challengeId } = sent((await ask(mobile)).body);
    const code = phones.lastCode(mobile);
    for (let i = ATTEMPTS_PER_CODE - 1; i >= 0; i--) expect(errorOf((await check(challengeId, wrongCode(code))).body)).toMatchObject({ code: 'CODE_WRONG', attemptsLeft: i });
    expect(errorOf((await check(challengeId, code)).body).code).toBe('CODE_EXPIRED');

    const later = freshNumber();
    const second = sent((await ask(later)).body);
    clock.at += CODE_TTL_MS;
    expect(errorOf((await check(second.challengeId, phones.lastCode(later))).body).code).toBe('CODE_EXPIRED');
  });

  it('one code a minute and five an hour per number, with the wait in the answer', async () => {
    const mobile = freshNumber();
    expect((await ask(mobile)).status).toBe(200);
    clock.at += 20_000;
    const tooSoon = await ask(mobile);
    expect(tooSoon.status).toBe(429);
    expect(errorOf(tooSoon.body)).toMatchObject({ code: 'TOO_MANY', retryAfterS: 40 });
    for (let i = 1; i < CODES_PER_NUMBER_PER_HOUR; i++) {
      clock.at += RESEND_AFTER_MS;
      expect((await ask(mobile)).status).toBe(200);
    }
    clock.at += RESEND_AFTER_MS;
    const sixth = await ask(mobile);
    expect(errorOf(sixth.body).code).toBe('TOO_MANY');
    expect(errorOf(sixth.body).retryAfterS).toBeGreaterThan(RESEND_AFTER_MS / 1000);
    clock.at += 3_600_000;
    expect((await ask(mobile)).status).toBe(200);
  });

  it('two kiosks asking for the same number at once: one code goes out', async () => {
    const mobile = freshNumber();
    const answers = await Promise.all([ask(mobile), ask(mobile, other)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 429]);
    expect(phones.texts.filter((t) => t.to === mobile)).toHaveLength(1);
  });

  it('a gateway that refuses is UNAVAILABLE and does not count against the number; a malformed number is BAD_REQUEST', async () => {
    const mobile = freshNumber();
    phones.down = true;
    const down = await ask(mobile);
    expect(down.status).toBe(503);
    expect(errorOf(down.body).code).toBe('UNAVAILABLE');
    phones.down = false;
    expect((await ask(mobile)).status).toBe(200);
    const malformed = await ask('12345');
    expect(malformed.status).toBe(400);
    expect(errorOf(malformed.body).code).toBe('BAD_REQUEST');
  });

  it('keeps neither the number nor the code, and logs neither', async () => {
    const mobile = freshNumber();
    const { challengeId } = sent((await ask(mobile)).body);
    const code = phones.lastCode(mobile);
    await check(challengeId, code);
    const rows = JSON.stringify(await hq.db.query('SELECT * FROM mobile_codes'));
    expect(rows).toContain(challengeId);
    expect(rows).not.toContain(mobile);
    expect(rows).not.toContain(mobile.slice(-8));
    const log = logLines.join('');
    expect(log).toContain(challengeId);
    expect(log).not.toContain(mobile.slice(-8));
    expect(log).not.toContain(`"${code}"`);
  });
});

describe('an HQ without an SMS gateway', () => {
  it('answers UNAVAILABLE, so the kiosk sends the shopper to staff', async () => {
    const bare = await startTestHq();
    try {
      const k = await TestKiosk.enrol(bare.url, await bare.enrolmentCode('S001'));
      const answer = await k.post(HQ_ROUTES.mobileCode, { mobile: '13900001234' });
      expect(answer.status).toBe(503);
      expect(errorOf(answer.body)).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('HQ_SMS_URL') });
    } finally {
      await bare.close();
    }
  });
});

describe('the HTTP SMS gateway', () => {
  it('posts { to, text } with the bearer token; anything but 2xx is a refusal', async () => {
    const received: Array<{ auth: string | undefined; body: unknown }> = [];
    let status = 202;
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ auth: req.headers.authorization, body: JSON.parse(body) });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const gateway = httpSmsGateway(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`, 'secret');
      await gateway.send('13900001234', 'hello');
      expect(received).toEqual([{ auth: 'Bearer secret', body: { to: '13900001234', text: 'hello' } }]);
      status = 500;
      await expect(gateway.send('13900001234', 'again')).rejects.toThrow(/HTTP 500/);
    } finally {
      server.close();
    }
  });
});
