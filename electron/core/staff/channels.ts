import { fail, ok } from '../../contract/errors.ts';
import type { staffChannels } from '../../contract/staff.ts';
import type { Handlers } from '../api/dispatch.ts';
import type { StaffSessions } from './staff-sessions.ts';

export function staffHandlers(staff: StaffSessions): Handlers<keyof typeof staffChannels> {
  return {
    staffSignIn: async ({ staffId, pin }) => ok(await staff.signIn(staffId, pin)),
    staffSignOut: ({ reason }) => ok({ ended: staff.end(reason) }),
    staffWhoAmI: () => {
      const current = staff.current();
      return current ? ok(current) : fail('FORBIDDEN', 'No staff member is signed in');
    },
  };
}
