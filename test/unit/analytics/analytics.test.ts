import { describe, expect, it } from 'vitest';
import type { ShopperEvent } from '../../../electron/contract/analytics.ts';
import { outboxTopics } from '../../../electron/contract/outbox.ts';
import { redactSearchText } from '../../../electron/core/analytics/events.ts';
import { pendingOutbox } from '../../../electron/core/db/outbox.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';
import { SHOPPER } from '../../../electron/contract/channel.ts';

const tempDir = tempDirs();
const NOW = Date.parse('2026-11-22T10:00:00+08:00');

const PRODUCT = '019a1b2c-3d4e-7f00-8000-000000000001';
const OTHER = '019a1b2c-3d4e-7f00-8000-000000000002';

const EVERY_TYPE: ShopperEvent[] = [
  { type: 'product_viewed', productId: PRODUCT },
  { type: 'search', text: '冰箱', resultCount: 42, categoryId: 'refrigerators' },
  { type: 'filter_used', categoryId: 'refrigerators', facet: 'spec.doorType', value: 'french' },
  { type: 'compared', productIds: [PRODUCT, OTHER] },
  { type: 'cart_added', productId: PRODUCT, quantity: 2 },
  { type: 'offers_viewed', source: 'cart' },
];

interface EventRow {
  id: string;
  session_id: string;
  type: string;
  data: string;
  at: number;
}

async function session(core: KioskCore): Promise<string> {
  const started = await core.dispatch('startSession', { locale: 'zh-CN' }, SHOPPER);
  if (!started.ok) throw new Error(started.error.message);
  return (started.data as { sessionId: string }).sessionId;
}

const eventRows = (core: KioskCore) => core.db.prepare('SELECT * FROM shopper_events ORDER BY at, id').all() as EventRow[];
const eventOutbox = (core: KioskCore) => pendingOutbox(core.db).filter((r) => r.topic === 'shopper.event');

describe('track', () => {
  it('records every event type with its outbox row', async () => {
    const core = startCore(tempDir(), { now: () => NOW });
    const sessionId = await session(core);
    for (const event of EVERY_TYPE) {
      expect(await core.dispatch('track', { sessionId, event }, SHOPPER)).toEqual({ ok: true, data: { recorded: true } });
    }

    const rows = eventRows(core);
    const outbox = eventOutbox(core);
    expect(rows.map((r) => r.type)).toEqual(EVERY_TYPE.map((e) => e.type));
    expect(outbox).toHaveLength(EVERY_TYPE.length);
    rows.forEach((row, i) => {
      expect(row).toMatchObject({ session_id: sessionId, at: NOW });
      expect(JSON.parse(row.data)).toEqual(EVERY_TYPE[i]);
      const message = outbox[i];
      expect(message?.aggregateId).toBe(sessionId);
      expect(message?.createdAt).toBe(NOW);
      expect(outboxTopics['shopper.event'].parse(message?.payload)).toEqual({ eventId: row.id, sessionId, at: NOW, event: EVERY_TYPE[i] });
    });
    core.close();
  });

  it('stores search text with long digit runs replaced, in the table and the outbox', async () => {
    const core = startCore(tempDir(), { now: () => NOW });
    const sessionId = await session(core);
    const text = '13800138000 冰箱 110105194912310021';
    await core.dispatch('track', { sessionId, event: { type: 'search', text, resultCount: 0 } }, SHOPPER);
    const [row] = eventRows(core);
    const [message] = eventOutbox(core);
    expect(JSON.parse(row?.data ?? '{}')).toMatchObject({ text: '# 冰箱 #' });
    const sent = JSON.stringify(message?.payload);
    expect(sent).toContain('# 冰箱 #');
    for (const secret of ['13800138000', '110105194912310021', '0013800', '1949123']) expect(sent).not.toContain(secret);
    core.close();
  });

  it('redacts numbers typed with spaces, hyphens or full-width digits, and keeps short ones', () => {
    expect(redactSearchText('138 0013 8000')).toBe('#');
    expect(redactSearchText('138-0013-8000 call')).toBe('# call');
    expect(redactSearchText('１３８００１３８０００')).toBe('#');
    expect(redactSearchText('11010519491231002X')).toBe('#X');
    expect(redactSearchText('BCD-470WDPG 55寸 2026')).toBe('BCD-470WDPG 55寸 2026');
    expect(redactSearchText('123456')).toBe('123456');
    expect(redactSearchText('1234567')).toBe('#');
  });

  it.each([
    '139  1234  5678',
    '139.1234.5678',
    '139/1234/5678',
    '139_1234_5678',
    '139,1234,5678',
    '139 - 1234 - 5678',
    '+86 (139) 1234-5678',
    '１３９　１２３４　５６７８',
    '１３９－１２３４－５６７８',
    '１３９．１２３４．５６７８',
    '139，1234，5678',
    '139、1234、5678',
    '110105 19491231 002X',
  ])('redacts a number typed as %s, whatever separates its digits', (typed) => {
    const redacted = redactSearchText(`冰箱 ${typed} 送货`);
    expect(redacted).not.toMatch(/\p{Nd}/u);
    expect(redacted).toMatch(/^冰箱 .*#.* 送货$/u);
  });

  it.each(['BCD-470WDPG 55寸 2026', '1.5匹 2026款', '65寸 4K 120Hz', '12 34 56', '1920x1080'])('keeps %s (no run of 7 digits)', (text) => {
    expect(redactSearchText(text)).toBe(text);
  });

  it('records a filter only if the category offers that value; anything else typed into it is not stored', async () => {
    const core = startCore(tempDir(), { now: () => NOW });
    const sessionId = await session(core);
    const page = await core.dispatch('queryProducts', { categoryId: 'refrigerators' }, SHOPPER);
    if (!page.ok) throw new Error(page.error.message);
    const facets = (page.data as { facets: { key: string; values: { value: string }[] }[] }).facets;
    const price = facets.find((f) => f.key === 'price')?.values[0]?.value ?? '';
    const known: ShopperEvent[] = [
      { type: 'filter_used', categoryId: 'refrigerators', facet: 'price', value: price },
      { type: 'filter_used', facet: 'category', value: 'refrigerators' },
    ];
    for (const event of known) expect(await core.dispatch('track', { sessionId, event }, SHOPPER), JSON.stringify(event)).toEqual({ ok: true, data: { recorded: true } });

    const unknown: ShopperEvent[] = [
      { type: 'filter_used', categoryId: 'refrigerators', facet: 'brand', value: '13912345678' },
      { type: 'filter_used', categoryId: 'refrigerators', facet: 'spec.doorType', value: '139 1234 5678' },
      { type: 'filter_used', categoryId: 'refrigerators', facet: '13912345678', value: price },
      { type: 'filter_used', categoryId: '13912345678', facet: 'price', value: price },
      { type: 'filter_used', categoryId: 'refrigerators', facet: 'category', value: 'refrigerators' },
      { type: 'filter_used', facet: 'spec.doorType', value: 'french' },
    ];
    for (const event of unknown) {
      expect(await core.dispatch('track', { sessionId, event }, SHOPPER), JSON.stringify(event)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'event' } });
    }
    expect(eventRows(core).map((r) => JSON.parse(r.data) as unknown)).toEqual(known);
    expect(eventOutbox(core)).toHaveLength(known.length);
    expect(JSON.stringify(pendingOutbox(core.db))).not.toMatch(/1234/);
    core.close();
  });

  it('an unknown session is NOT_FOUND; an ended one records nothing', async () => {
    const core = startCore(tempDir(), { now: () => NOW });
    const event = EVERY_TYPE[0];
    expect(await core.dispatch('track', { sessionId: 'no-such-session', event }, SHOPPER)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', field: 'sessionId' },
    });
    const sessionId = await session(core);
    await core.dispatch('endSession', { sessionId, reason: 'idle' }, SHOPPER);
    expect(await core.dispatch('track', { sessionId, event }, SHOPPER)).toEqual({ ok: true, data: { recorded: false } });
    expect(eventRows(core)).toEqual([]);
    expect(eventOutbox(core)).toEqual([]);
    core.close();
  });

  it('rejects an event that is not in the contract', async () => {
    const core = startCore(tempDir(), { now: () => NOW });
    const sessionId = await session(core);
    expect(await core.dispatch('track', { sessionId, event: { type: 'face_seen', productId: PRODUCT } }, SHOPPER)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    core.close();
  });

  it('a failing write leaves neither the event nor its outbox row', async () => {
    const core = startCore(tempDir(), { now: () => NOW });
    const sessionId = await session(core);
    const outboxBefore = pendingOutbox(core.db).length;
    // The outbox insert comes after the event insert, so the event row must be rolled back too.
    core.db.exec("CREATE TEMP TRIGGER outbox_full BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect(await core.dispatch('track', { sessionId, event: EVERY_TYPE[4] }, SHOPPER)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(eventRows(core)).toEqual([]);
    expect(pendingOutbox(core.db)).toHaveLength(outboxBefore);

    core.db.exec('DROP TRIGGER temp.outbox_full');
    expect(await core.dispatch('track', { sessionId, event: EVERY_TYPE[4] }, SHOPPER)).toEqual({ ok: true, data: { recorded: true } });
    expect(eventRows(core)).toHaveLength(1);
    expect(eventOutbox(core)).toHaveLength(1);
    core.close();
  });
});
