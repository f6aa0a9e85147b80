import { ok } from '../../contract/errors.ts';
import type { syncChannels } from '../../contract/sync.ts';
import type { Handlers } from '../api/dispatch.ts';
import type { SyncService } from './sync-service.ts';

export function syncHandlers(sync: SyncService): Handlers<keyof typeof syncChannels> {
  return {
    syncStatus: () => ok(sync.status()),
    syncNow: async () => ok(await sync.syncNow()),
    syncChip: () => ok({ health: sync.status().health, standalone: sync.standalone }),
    enrolKiosk: async ({ hqUrl, code, label, reenrol }) => ok(await sync.enrol({ hqUrl, code, label, reenrol })),
  };
}
