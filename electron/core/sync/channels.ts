import { ok } from '../../contract/errors.ts';
import type { syncChannels } from '../../contract/sync.ts';
import type { Handlers } from '../api/dispatch.ts';
import type { SyncService } from './sync-service.ts';

/** `audit`: records a staff member's action in the staff audit log. */
export function syncHandlers(sync: SyncService, audit: (staffId: string, action: 'sync_now') => void): Handlers<keyof typeof syncChannels> {
  return {
    syncStatus: () => ok(sync.status()),
    syncNow: async (_input, caller) => {
      if (caller.role === 'staff') audit(caller.staffId, 'sync_now');
      return ok(await sync.syncNow());
    },
    syncChip: () => ok({ health: sync.status().health, standalone: sync.standalone }),
    enrolKiosk: async ({ hqUrl, code, label, reenrol }) => ok(await sync.enrol({ hqUrl, code, label, reenrol })),
  };
}
