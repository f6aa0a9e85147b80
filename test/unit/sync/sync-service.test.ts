import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PullRequest, PullResponse, PushRequest, PushResponse } from '../../../electron/contract/sync.ts';
import { KioskConfig } from '../../../electron/core/config.ts';
import { writeWithOutbox } from '../../../electron/core/db/outbox.ts';
import type { HqResult } from '../../../electron/core/sync/hq-client.ts';
import { startCore } from '../../helpers/core.ts';
import { enrolled, hqKeys } from '../../helpers/sync.ts';
import { tempDirs } from '../../helpers/temp.ts';

const tempDir = tempDirs();
const T0 = Date.parse('2026-12-01T10:00:00+08:00');
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/**
 * The sync scheduler's own logic (one cycle at a time, backoff, timers, nudges), with the HQ
 * client's push and pull replaced by scripted answers. What HQ's answers do to the kiosk (drain,
 * revocation, clock skew, refusals reported up) is tested against the real HQ in
 * test/hq/kiosk-sync.test.ts and test/hq/sync-faults.test.ts.
 */
async function kiosk() {
  const clock = { at: T0 };
  const k = startCore(tempDir(), { now: () => clock.at, config: KioskConfig.parse({ hqUrl: 'http://127.0.0.1:9/' }) });
  const hq = await hqKeys();
  enrolled(k, { at: T0, hqPublicKey: hq.publicKey });
  const pushes: PushRequest[] = [];
  const pulls: PullRequest[] = [];
  const log: string[] = [];
  let pushAnswer: (req: PushRequest) => HqResult<PushResponse> = (req) => ({
    ok: true,
    data: { results: req.items.map((i) => ({ id: i.id, seq: i.seq, status: 'applied' as const })), expectedSeq: req.items.at(-1)!.seq + 1, serverTime: clock.at },
  });
  let pullAnswer: () => HqResult<PullResponse> = () => ({ ok: true, data: { publications: [], current: {}, messages: [], serverTime: clock.at } });
  vi.spyOn(k.sync.client, 'push').mockImplementation(async (req) => (pushes.push(req), log.push('push'), pushAnswer(req)));
  vi.spyOn(k.sync.client, 'pull').mockImplementation(async (req) => (pulls.push(req), log.push('pull'), pullAnswer()));
  const write = (n = 1) => {
    for (let i = 0; i < n; i++) {
      writeWithOutbox(k.db, () => clock.at, (emit) => emit({ topic: 'session.started', aggregateId: 's', payload: { sessionId: 's', locale: 'zh-CN', startedAt: clock.at } }));
    }
  };
  return {
    k,
    hq,
    clock,
    pushes,
    pulls,
    log,
    write,
    answerPush: (f: typeof pushAnswer) => (pushAnswer = f),
    answerPull: (f: typeof pullAnswer) => (pullAnswer = f),
  };
}

describe('sync now', () => {
  it('runs one cycle at a time: requests while one runs are merged into one more', async () => {
    const { k, write, log } = await kiosk();
    write(1);
    await Promise.all([k.sync.syncNow(), k.sync.syncNow(), k.sync.syncNow()]);
    expect(log).toEqual(['push', 'pull', 'pull']);
    k.close();
  });
});

describe('failures', () => {
  it('REPLAYED is retried with a new token after a backoff delay, and a success clears the error', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { k, write, answerPush, pushes } = await kiosk();
    vi.spyOn(k.sync.client, 'startProbing').mockImplementation(() => undefined);
    write(1);
    let replays = 1;
    answerPush((req) =>
      replays-- > 0
        ? { ok: false, code: 'REPLAYED', status: 401, message: 'token seen before' }
        : { ok: true, data: { results: req.items.map((i) => ({ id: i.id, seq: i.seq, status: 'applied' as const })), expectedSeq: 2, serverTime: T0 } },
    );
    k.sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(k.sync.status().lastError).toMatchObject({ code: 'REPLAYED' });
    await vi.advanceTimersByTimeAsync(1_000); // first retry: within [0, 1 s)
    expect(pushes).toHaveLength(2);
    expect(k.sync.status()).toMatchObject({ lastError: null, pending: { total: 0 } });
    k.sync.stop();
    k.close();
  });

});

describe('when sync runs', () => {
  it('pushes soon after a local write (debounced), on a timer, and when HQ becomes reachable again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { k, write, log } = await kiosk();
    vi.spyOn(k.sync.client, 'startProbing').mockImplementation(() => undefined);
    k.sync.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['pull']); // the start cycle: nothing to push
    write(2); // two writes close together …
    write(1);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(log).toEqual(['pull']);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['pull', 'push']); // … go in one push, without waiting for the timer
    await vi.advanceTimersByTimeAsync(60_000);
    expect(log.at(-1)).toBe('pull'); // the timer's full cycle
    const before = log.length;
    // HQ, unheard of so far, answers a probe: a cycle runs at once.
    expect(k.sync.client.reachable()).toBe(false);
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('ok', { status: 200 }));
    await k.sync.probe();
    await vi.advanceTimersByTimeAsync(0);
    expect(log.slice(before)).toEqual(['pull']);
    k.sync.stop();
    k.close();
  });
});
