import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PullResponse } from '../../../electron/contract/sync.ts';
import { pendingOutbox } from '../../../electron/core/db/outbox.ts';
import type { KioskCore } from '../../../electron/core/kiosk-core.ts';
import { RESOURCES, startCore } from '../../helpers/core.ts';
import { enrolled, hqKeys, publish, sha256, STORE } from '../../helpers/sync.ts';
import { application, call, data, OTHER_ID, productWithPlan, visit } from '../../helpers/credit.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();
const T0 = Date.parse('2026-12-01T10:00:00+08:00');
const HOUR = 3_600_000;

const blocklist = (version: string, hmacs: string[]) =>
  JSON.stringify({ dataset: 'blocklist', version, entries: hmacs.map((hmac) => ({ kind: 'resident_id', hmac, reason: 'confirmed_fraud' })) });
const MANIFEST = JSON.parse(readFileSync(join(RESOURCES, 'decision-models', 'credit.manifest.json'), 'utf8')) as Record<string, unknown>;
const GRAPH = JSON.parse(readFileSync(join(RESOURCES, 'decision-models', String(MANIFEST.graph)), 'utf8')) as { nodes: { type: string; name: string }[] };
const model = (version: string, graph: unknown = GRAPH) => JSON.stringify({ version, manifest: { ...MANIFEST, version }, graph });

async function kiosk() {
  const clock = { at: T0 };
  const k = startCore(tempDir(), { now: () => clock.at });
  const hq = await hqKeys();
  enrolled(k, { at: T0, hqPublicKey: hq.publicKey, confirmedAt: null });
  return { k, hq, clock };
}

const response = (publications: PullResponse['publications'], current: PullResponse['current'] = {}, messages: PullResponse['messages'] = []): PullResponse => ({
  publications,
  current,
  messages,
  serverTime: T0,
});
const blockedCount = (k: KioskCore) => k.db.prepare('SELECT count(*) FROM credit_blocklist').pluck().get() as number;
const refusedOutbox = (k: KioskCore) => pendingOutbox(k.db, 1000).filter((m) => m.topic === 'sync.publication_refused').map((m) => m.payload);

describe('pull: verified publications are applied with their cursor', () => {
  it('applies a signed blocklist through the dataset registry and saves version, hash and confirmedAt in the same step', async () => {
    const { k, hq } = await kiosk();
    const body = blocklist('hq-blocklist-7', ['a'.repeat(64), 'b'.repeat(64)]);
    const summary = await k.sync.puller.handle(response([await publish(hq, 'blocklist', 7, body)], { blocklist: 7 }));
    expect(summary).toMatchObject({ applied: 1, refused: 0 });
    expect(k.datasets.appliedVersion('blocklist')).toBe('hq-blocklist-7');
    expect(blockedCount(k)).toBe(2);
    expect(k.sync.store.cursor('blocklist')).toMatchObject({ version: 7, contentHash: sha256(body), appliedAt: T0, confirmedAt: T0 });
    expect(k.sync.store.state().lastPullAt).toBe(T0);
    k.close();
  });

  it('records when HQ last confirmed each dataset: only one whose version equals the kiosk’s', async () => {
    const { k, hq, clock } = await kiosk();
    await k.sync.puller.handle(response([await publish(hq, 'blocklist', 7, blocklist('b7', [])), await publish(hq, 'config', 8, '{"version":"c8"}')]));
    clock.at = T0 + 5 * HOUR;
    const summary = await k.sync.puller.handle(response([], { blocklist: 7, config: 9, catalog: 3 }));
    expect(summary.confirmed).toBe(1);
    expect(k.sync.store.cursor('blocklist')?.confirmedAt).toBe(T0 + 5 * HOUR);
    expect(k.sync.store.cursor('config')?.confirmedAt).toBe(T0);
    k.close();
  });

  it('stores HQ’s messages and moves the message cursor (the credit side consumes them later)', async () => {
    const { k } = await kiosk();
    const message = { id: 4, kind: 'credit.decided' as const, applicationId: 'app-1', status: 'approved' as const, reasons: [], modelVersion: 'credit-2026.12-2', at: T0 };
    await k.sync.puller.handle(response([], {}, [message, { ...message, id: 5 }]));
    expect(k.sync.store.state().messageCursor).toBe(5);
    expect(k.sync.store.messages().map((m) => m.id)).toEqual([4, 5]);
    await k.sync.puller.handle(response([], {}, [{ ...message, id: 5 }]));
    expect(k.sync.store.messages()).toHaveLength(2);
    k.close();
  });

  it('handles every dataset HQ publishes: a prices body that is not a price list is refused, cursor unmoved', async () => {
    const { k, hq } = await kiosk();
    expect(await k.sync.puller.handle(response([await publish(hq, 'prices', 3, '{}')]))).toMatchObject({ skipped: 0, refused: 1 });
    expect(k.sync.store.cursor('prices')).toBeUndefined();
    expect(refusedOutbox(k)).toMatchObject([{ dataset: 'prices', version: 3, reason: 'BODY_INVALID' }]);
    k.close();
  });
});

describe('pull: refusals are listed and reported to HQ once; nothing is applied and nothing lost', () => {
  it('refuses a tampered body, another key’s signature, another store’s publication and a replayed older version', async () => {
    const { k, hq } = await kiosk();
    await k.sync.puller.handle(response([await publish(hq, 'blocklist', 7, blocklist('b7', ['a'.repeat(64)]))]));
    const good = await publish(hq, 'blocklist', 9, blocklist('b9', []));
    const impostor = await hqKeys();
    const cases = [
      { ...good, body: blocklist('b9', ['c'.repeat(64)]) },
      await publish(impostor, 'blocklist', 10, blocklist('b10', [])),
      await publish(hq, 'blocklist', 11, blocklist('b11', []), { scope: 'S002' }),
      await publish(hq, 'blocklist', 6, blocklist('b6', [])),
      await publish(hq, 'blocklist', 7, blocklist('b7-other', [])),
    ];
    const summary = await k.sync.puller.handle(response(cases));
    expect(summary).toMatchObject({ applied: 0, refused: 5 });
    expect(k.datasets.appliedVersion('blocklist')).toBe('b7');
    expect(blockedCount(k)).toBe(1);
    expect(k.sync.store.cursor('blocklist')?.version).toBe(7);
    const reasons = k.sync.store.refused().map((r) => `${r.version}:${r.reason}`).sort();
    expect(reasons).toEqual(['10:SIGNATURE_INVALID', '11:WRONG_SCOPE', '6:NOT_NEWER', '7:NOT_NEWER', '9:CONTENT_HASH_MISMATCH']);
    expect(refusedOutbox(k)).toHaveLength(5);
    expect(refusedOutbox(k)[0]).toMatchObject({ dataset: 'blocklist', version: 9, reason: 'CONTENT_HASH_MISMATCH', at: T0 });

    // The same refusals again (HQ keeps offering them): listed and reported once.
    await k.sync.puller.handle(response(cases));
    expect(k.sync.store.refused()).toHaveLength(5);
    expect(refusedOutbox(k)).toHaveLength(5);
    k.close();
  });

  it('accepts its own store’s publication, and the same version with the same bytes is a confirmation, not a replay', async () => {
    const { k, hq, clock } = await kiosk();
    const p = await publish(hq, 'blocklist', 7, blocklist('b7', []), { scope: STORE });
    expect(await k.sync.puller.handle(response([p]))).toMatchObject({ applied: 1 });
    clock.at += HOUR;
    expect(await k.sync.puller.handle(response([p]))).toMatchObject({ unchanged: 1, refused: 0 });
    expect(k.sync.store.cursor('blocklist')?.confirmedAt).toBe(T0 + HOUR);
    k.close();
  });

  it('refuses a body that fails the dataset’s schema (BODY_INVALID) and keeps the data and cursor it had', async () => {
    const { k, hq } = await kiosk();
    await k.sync.puller.handle(response([await publish(hq, 'blocklist', 7, blocklist('b7', ['a'.repeat(64)]))]));
    const bad = [
      await publish(hq, 'blocklist', 8, '{"dataset":"blocklist","version":"b8","entries":[{"kind":"passport"}]}'),
      await publish(hq, 'blocklist', 9, 'not json'),
      await publish(hq, 'config', 3, '{"version":"c3","offline":{"maxBlocklistAgeHours":-1}}'),
    ];
    expect(await k.sync.puller.handle(response(bad))).toMatchObject({ refused: 3, applied: 0 });
    expect(k.sync.store.refused().map((r) => r.reason)).toEqual(['BODY_INVALID', 'BODY_INVALID', 'BODY_INVALID']);
    expect(k.sync.store.cursor('blocklist')?.version).toBe(7);
    expect(k.sync.store.cursor('config')).toBeUndefined();
    expect(blockedCount(k)).toBe(1);
    k.close();
  });
});

describe('decision model publications replace the credit model while the kiosk runs', () => {
  it('a good model replaces the one in use (and is used after a restart); a bad one is refused and the old one stays', async () => {
    const dir = tempDir();
    const k = startCore(dir, { now: () => T0 });
    const hq = await hqKeys();
    enrolled(k, { at: T0, hqPublicKey: hq.publicKey, confirmedAt: null });
    /** The model version the next decision is made with: decided for real, read from its stored row. */
    const decidingWith = async (c: KioskCore) => {
      const { product, offer } = await productWithPlan(c, (fen) => fen >= 200_000 && fen <= 800_000);
      const view = data(await call(c, 'applyForCredit', application(await visit(c), product.id, offer, { residentId: OTHER_ID, mobile: '13712345678' }))).application;
      return c.db.prepare('SELECT model_version FROM credit_decisions WHERE application_id = ?').pluck().get(view.applicationId);
    };
    expect(await decidingWith(k)).toBe(MANIFEST.version);

    expect(await k.sync.puller.handle(response([await publish(hq, 'decision_models', 5, model('credit-2026.12-10'))]))).toMatchObject({ applied: 1 });
    expect(await decidingWith(k)).toBe('credit-2026.12-10');
    expect(k.sync.store.cursor('decision_models')).toMatchObject({ version: 5, confirmedAt: T0 });

    const broken = { ...GRAPH, nodes: GRAPH.nodes.filter((n) => n.type !== 'outputNode') };
    const badSyntax = structuredClone(GRAPH);
    const expressionNode = (badSyntax.nodes as unknown as { type: string; content: { expressions: { value: string }[] } }[]).find((n) => n.type === 'expressionNode');
    expressionNode!.content.expressions[0]!.value = '1 +* (';
    const summary = await k.sync.puller.handle(
      response([await publish(hq, 'decision_models', 6, model('credit-2026.12-11', broken)), await publish(hq, 'decision_models', 7, model('credit-2026.12-12', badSyntax))]),
    );
    expect(summary).toMatchObject({ refused: 2, applied: 0 });
    expect(await decidingWith(k)).toBe('credit-2026.12-10');
    expect(k.sync.store.cursor('decision_models')?.version).toBe(5);
    expect(k.sync.store.refused().map((r) => r.reason)).toEqual(['BODY_INVALID', 'BODY_INVALID']);
    // A manifest whose version does not match the publication's body is refused by the wire schema.
    await k.sync.puller.handle(response([await publish(hq, 'decision_models', 8, JSON.stringify({ version: 'credit-2026.12-19', manifest: MANIFEST, graph: GRAPH }))]));
    expect(await decidingWith(k)).toBe('credit-2026.12-10');
    k.close();

    const again = startCore(dir, { now: () => T0 });
    expect(await decidingWith(again)).toBe('credit-2026.12-10');
    again.close();
  });
});
