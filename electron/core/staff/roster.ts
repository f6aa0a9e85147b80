import { StaffDataset, type StaffMember, type StaffRole } from '../../contract/staff.ts';
import type { Db } from '../db/database.ts';
import type { Dataset } from '../db/datasets.ts';

export interface RosterEntry {
  id: string;
  name: string;
  role: StaffRole;
  pinHash: string;
  active: boolean;
  approvalLimitFen: number | null;
}

/** The store's staff as HQ published them last. */
export class Roster {
  private readonly q;

  constructor(private readonly db: Db) {
    this.q = {
      get: db.prepare(
        `SELECT id, name, role, pin_hash AS pinHash, active, approval_limit_fen AS approvalLimitFen
           FROM staff WHERE id = ? AND store_id = coalesce(?, store_id)`,
      ),
    };
  }

  /** A staff member of `store` (any, for a kiosk not enrolled yet). */
  get(id: string, store: string | null): RosterEntry | undefined {
    const row = this.q.get.get(id, store) as (Omit<RosterEntry, 'active'> & { active: number }) | undefined;
    return row && { ...row, active: row.active === 1 };
  }

  /** Replaces the roster whole (the dataset registry's transaction is open). */
  replace(storeId: string, staff: readonly StaffMember[]): void {
    this.db.prepare('DELETE FROM staff').run();
    const insert = this.db.prepare('INSERT INTO staff (id, store_id, name, role, pin_hash, active, approval_limit_fen) VALUES (?, ?, ?, ?, ?, ?, ?)');
    for (const m of staff) insert.run(m.id, storeId, m.name, m.role, m.pinHash, m.active ? 1 : 0, m.approvalLimitFen ?? null);
  }
}

/**
 * The `staff` dataset. A roster for another store is refused once the kiosk is enrolled (HQ
 * scopes rosters to their store, so one arriving here is a mistake to report, not to apply).
 * Only a standalone kiosk (no HQ configured) is seeded with the demo store's roster, whose PINs
 * the README prints; a kiosk with an HQ has no staff until HQ publishes its store's roster, and
 * a demo roster left from before enrolment signs nobody in (`Roster.get` asks for the store).
 * Read at each sign-in: nothing to invalidate.
 */
export function staffDataset(roster: Roster, enrolledStore: () => string | null, options: { seedDemo: boolean }): Dataset<StaffDataset> {
  return {
    name: 'staff',
    schema: StaffDataset,
    ...(options.seedDemo ? { seedFile: 'demo-store/staff.json' } : {}),
    apply: (data) => {
      const store = enrolledStore();
      if (store !== null && store !== data.storeId) throw new Error(`the roster is for store ${data.storeId}, this kiosk is in ${store}`);
      roster.replace(data.storeId, data.staff);
    },
    invalidate: () => undefined,
  };
}
