import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../hq/db/migrate.ts';
import { LATEST_SCHEMA_VERSION, migrations } from '../../hq/db/migrations.ts';
import { openTestDatabase, testEngine, type TestDatabase } from './harness.ts';

const open: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
});
async function fresh(): Promise<TestDatabase> {
  const db = await openTestDatabase({ migrated: false });
  open.push(db);
  return db;
}

const tables = async (db: TestDatabase) =>
  (await db.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name")).map((r) => r.table_name);

/** What each migration must create; the per-migration test checks exactly these appear with it. */
const CREATES: Record<number, string[]> = {
  1: ['enrolment_codes', 'hq_settings', 'kiosks', 'request_nonces', 'stores'],
  2: ['hq_applications', 'hq_cancellations', 'hq_contracts', 'hq_decisions', 'hq_orders', 'hq_publication_refusals', 'hq_review_requests', 'hq_sessions', 'hq_shopper_events', 'ingested_items'],
  3: ['kiosk_messages', 'publications'],
  // Columns and indexes only (tested below).
  4: [],
  5: ['hq_refunds', 'hq_staff_audit', 'hq_staff_decisions'],
  6: ['hq_rep_days', 'hq_scope_day_categories', 'hq_scope_days', 'hq_store_day_categories', 'hq_store_days'],
  7: ['mobile_codes'],
  8: ['kiosk_health', 'kiosk_heartbeats', 'kiosk_update_events'],
  9: ['releases', 'rollout_events', 'rollouts', 'store_rings'],
  10: ['fleet_command_events', 'fleet_command_logs', 'fleet_commands'],
  11: ['console_audit', 'console_sessions', 'console_users'],
  12: ['hq_shadow_decisions'],
  // A column only.
  13: [],
};

describe('HQ migrations', () => {
  it('are numbered 1…n without gaps, one file each, named NNNN-<what>.ts', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    const files = readdirSync(join(import.meta.dirname, '../../hq/db/migrations')).sort();
    expect(files).toEqual(migrations.map((m) => `${String(m.version).padStart(4, '0')}-${m.name}.ts`));
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length);
    expect(Object.keys(CREATES).map(Number)).toEqual(migrations.map((m) => m.version));
  });

  for (const m of migrations) {
    it(`${m.version} (${m.name}) creates its tables on top of the one before`, async () => {
      const db = await fresh();
      await migrate(db, 1, { upTo: m.version - 1 });
      const before = await tables(db);
      expect(await migrate(db, 2, { upTo: m.version })).toEqual([m.version]);
      const added = (await tables(db)).filter((t) => !before.includes(t));
      expect(added.sort()).toEqual([...CREATES[m.version]!].sort());
    });
  }

  it('apply once: a second run finds nothing to do', async () => {
    const db = await fresh();
    expect(await migrate(db)).toEqual(migrations.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
  });

  it('roll back whole when one fails: nothing half-applied', async () => {
    const db = await fresh();
    const broken = [...migrations, { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE fine (x int); SELECT no_such_column FROM fine;' }];
    await expect(migrate(db, 1, { list: broken })).rejects.toThrow();
    expect(await tables(db)).toEqual([]);
  });

  it('key tables the way the ledger needs: one row per (kiosk, item) and per (kiosk, seq)', async () => {
    const db = await fresh();
    await migrate(db);
    const constraints = await db.query<{ conname: string; def: string }>(
      "SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'ingested_items'::regclass AND contype IN ('p', 'u') ORDER BY conname",
    );
    expect(constraints.map((c) => c.def).sort()).toEqual(['PRIMARY KEY (kiosk_id, item_id)', 'UNIQUE (kiosk_id, seq)']);
    const nonces = await db.query<{ def: string }>("SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'request_nonces'::regclass AND contype = 'p'");
    expect(nonces.map((c) => c.def)).toEqual(['PRIMARY KEY (kiosk_id, jti)']);
  });

  it('4 (credit) gives applications the identity HMACs (checked as SHA-256 hex, indexed) and decisions who made them', async () => {
    const db = await fresh();
    await migrate(db, 1, { upTo: 4 });
    const columns = async (table: string) =>
      (await db.query<{ column_name: string }>('SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1', [table])).map(
        (r) => r.column_name,
      );
    expect(await columns('hq_applications')).toEqual(expect.arrayContaining(['resident_id_hmac', 'mobile_hmac', 'monthly_payment_fen', 'decision_input']));
    expect(await columns('hq_decisions')).toEqual(expect.arrayContaining(['decided_by', 'monthly_payment_fen', 'input']));
    const indexes = (await db.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('hq_applications', 'hq_decisions')")).map(
      (r) => r.indexname,
    );
    expect(indexes).toEqual(expect.arrayContaining(['hq_applications_id_hmac', 'hq_applications_mobile_hmac', 'hq_decisions_by_hq']));
    await db.query("INSERT INTO stores (id, created_at) VALUES ('S001', 0)");
    const kiosk = '01937c00-0000-7000-8000-0000000000aa';
    await db.query("INSERT INTO kiosks (id, store_id, public_key, app_version, enrolled_at) VALUES ($1, 'S001', 'k', '1', 0)", [kiosk]);
    const insert = (idHmac: string) =>
      db.query(
        `INSERT INTO hq_applications (kiosk_id, application_id, session_id, requested_amount_fen, finance_product_id, lender_id, term_months, consents, applied_at, status, status_seq, resident_id_hmac)
         VALUES ($1, $2, 's', 100, 'p', 'l', 12, '{}', 0, 'received', 1, $3)`,
        [kiosk, idHmac, idHmac],
      );
    // A raw resident ID is not an HMAC: the column refuses it.
    await expect(insert('110105198808081237')).rejects.toThrow();
    await insert('a'.repeat(64));
  });

  it('6 (figures) rolls up what was pushed before it, each application counted with the decision the kiosk holds now', async () => {
    const db = await fresh();
    await migrate(db, 1, { upTo: 5 });
    await db.query("INSERT INTO stores (id, created_at) VALUES ('S001', 0)");
    const kiosk = '01937c00-0000-7000-8000-0000000000aa';
    await db.query("INSERT INTO kiosks (id, store_id, public_key, app_version, enrolled_at) VALUES ($1, 'S001', 'k', '1', 0)", [kiosk]);
    // 2026-12-01 23:30 in China is still 2026-12-01 there, though it is 15:30 UTC.
    const lateEvening = Date.parse('2026-12-01T23:30:00+08:00');
    await db.query('INSERT INTO hq_sessions (kiosk_id, session_id, locale, started_at) VALUES ($1, $2, $3, $4)', [kiosk, 'v1', 'zh-CN', lateEvening]);
    await db.query(
      `INSERT INTO hq_applications (kiosk_id, application_id, session_id, requested_amount_fen, finance_product_id, lender_id, term_months, consents, applied_at, status, status_seq)
       VALUES ($1, 'a1', 'v1', 500000, 'p', 'l', 12, '{}', $2, 'approved', 3)`,
      [kiosk, lateEvening],
    );
    const decision = async (itemId: string, seq: number, outcome: string) => {
      await db.query(
        `INSERT INTO ingested_items (kiosk_id, item_id, seq, topic, aggregate_id, payload_hash, created_at, received_at, status)
         VALUES ($1, $2, $3, 'credit.decision', 'a1', $4, 0, 0, 'applied')`,
        [kiosk, itemId, seq, 'f'.repeat(64)],
      );
      await db.query(
        `INSERT INTO hq_decisions (kiosk_id, item_id, application_id, status, offline, outcome, reasons, signals, score, limit_fen, model_version, decided_at)
         VALUES ($1, $2, 'a1', 'x', false, $3, '[]', '[]', 0, 0, 'm', $4)`,
        [kiosk, itemId, outcome, lateEvening],
      );
    };
    // The model referred; staff approved afterwards (a later item): the approval counts.
    await decision('d1', 2, 'refer');
    await decision('d2', 3, 'approve');
    await migrate(db, 2);
    const [day] = await db.query<Record<string, unknown>>("SELECT to_char(day, 'YYYY-MM-DD') AS day, visits, applications, approved, referred FROM hq_store_days");
    expect(day).toEqual({ day: '2026-12-01', visits: 1, applications: 1, approved: 1, referred: 0 });
  });

  it.runIf(testEngine() === 'postgres')('two HQ processes migrating one PostgreSQL at once: each migration applies exactly once', async () => {
    const db = await fresh();
    const others = [db.another(), db.another(), db.another()];
    const applied = await Promise.all([db, ...others].map((d) => migrate(d)));
    expect(applied.flat().sort((a, b) => a - b)).toEqual(migrations.map((m) => m.version));
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0]!.n).toBe(migrations.length);
  });
});
