import { describe, expect, it } from 'vitest';
import { pendingOutbox } from '../../../electron/core/db/outbox.ts';
import { startCore } from '../../helpers/core.ts';
import { tempDirs } from '../../helpers/temp.ts';
import { SHOPPER } from '../../../electron/contract/channel.ts';

const tempDir = tempDirs();

describe('shopper sessions', () => {
  it('records start and idle end, each with its outbox row', async () => {
    const core = startCore(tempDir());
    const started = await core.dispatch('startSession', { locale: 'en' }, SHOPPER);
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const { sessionId } = started.data as { sessionId: string };

    expect(await core.dispatch('endSession', { sessionId, reason: 'idle' }, SHOPPER)).toEqual({ ok: true, data: { ended: true } });
    expect(await core.dispatch('endSession', { sessionId, reason: 'idle' }, SHOPPER)).toEqual({ ok: true, data: { ended: false } });

    const row = core.db.prepare('SELECT end_reason, ended_at FROM sessions WHERE id = ?').get(sessionId) as {
      end_reason: string;
      ended_at: number;
    };
    expect(row.end_reason).toBe('idle');
    expect(pendingOutbox(core.db).map((r) => [r.topic, r.aggregateId])).toEqual([
      ['session.started', sessionId],
      ['session.ended', sessionId],
    ]);
    core.close();
  });

  it('closes sessions left open by a crash at the next start', async () => {
    const dir = tempDir();
    const first = startCore(dir);
    const started = await first.dispatch('startSession', { locale: 'zh-CN' }, SHOPPER);
    first.close();
    const second = startCore(dir);
    const id = started.ok ? (started.data as { sessionId: string }).sessionId : '';
    expect(second.db.prepare('SELECT end_reason FROM sessions WHERE id = ?').get(id)).toEqual({ end_reason: 'restart' });
    second.close();
  });
});
