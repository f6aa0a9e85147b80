import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SHOPPER, SYSTEM, type Caller } from '../../../electron/contract/channel.ts';
import { fail, ok } from '../../../electron/contract/errors.ts';
import { createDispatch, type Handlers } from '../../../electron/core/api/dispatch.ts';
import { createLogger } from '../../../electron/core/logger.ts';

/**
 * The one entry both transports use: the caller's role against the channel's declared access,
 * then the contract's request and response schemas, with handler failures as INTERNAL and a log
 * that names the channel but never the input.
 */
function setUp(handlers: Partial<Handlers>) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const dispatch = createDispatch(handlers as Handlers, createLogger('info', sink));
  return { dispatch, lines };
}

const STAFF: Caller = { role: 'staff', staffId: '100201' };

describe('dispatch', () => {
  it('lets each role call what it may: a shopper no staff or system channel, staff no system channel', async () => {
    const seen: Caller[] = [];
    const { dispatch, lines } = setUp({
      syncChip: (_input, caller) => (seen.push(caller), ok({ health: 'green', standalone: true })),
      syncNow: () => fail('UNAVAILABLE', 'not in this test'),
      enrolKiosk: () => fail('UNAVAILABLE', 'not in this test'),
    });
    expect(await dispatch('syncChip', {}, SHOPPER)).toEqual({ ok: true, data: { health: 'green', standalone: true } });
    expect(await dispatch('syncChip', {}, STAFF)).toMatchObject({ ok: true });
    expect(seen).toEqual([SHOPPER, STAFF]);
    expect(await dispatch('syncNow', {}, SHOPPER)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await dispatch('enrolKiosk', { code: 'ABCD-EFGH' }, STAFF)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await dispatch('syncNow', {}, STAFF)).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(await dispatch('syncNow', {}, SYSTEM)).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(lines.filter((l) => l.includes('channel refused to this caller'))).toHaveLength(2);
  });

  it('refuses unknown channels and bad input before any handler runs, naming the field', async () => {
    let ran = 0;
    const { dispatch } = setUp({ endSession: () => (ran++, ok({ ended: true })) });
    expect(await dispatch('dropTables', {}, SYSTEM)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await dispatch('endSession', { sessionId: 's1', reason: 'bored' }, SHOPPER)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'reason' } });
    expect(await dispatch('endSession', { sessionId: 's1', reason: 'idle', extra: 1 }, SHOPPER)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(ran).toBe(0);
    expect(await dispatch('endSession', { sessionId: 's1', reason: 'idle' }, SHOPPER)).toEqual({ ok: true, data: { ended: true } });
  });

  it('turns a throwing handler or a response that breaks the contract into INTERNAL, logging the channel and not the input', async () => {
    const { dispatch, lines } = setUp({
      startSession: () => {
        throw new Error('disk full');
      },
      endSession: () => ok({ ended: 'yes' } as never),
    });
    expect(await dispatch('startSession', { locale: 'zh-CN' }, SHOPPER)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await dispatch('endSession', { sessionId: '13912345678', reason: 'idle' }, SHOPPER)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    const log = lines.join('');
    expect(log).toContain('"channel":"startSession"');
    expect(log).toContain('handler response broke the contract');
    expect(log).not.toContain('13912345678');
  });
});
