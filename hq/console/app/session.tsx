import { createContext, useContext } from 'react';
import type { ApiError, ConsoleApi } from '../api/client.ts';
import type { Role, SessionUser } from '../api/schemas.ts';

/** The signed-in user and the API client bound to their session, for every page under the shell. */
export interface ConsoleSession {
  user: SessionUser;
  /** Resolves to why it failed (the session then goes on), or null once signed out. */
  signOut: () => Promise<ApiError | null>;
}

export const ApiContext = createContext<ConsoleApi | null>(null);
export const SessionContext = createContext<ConsoleSession | null>(null);

export function useApi(): ConsoleApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiContext');
  return api;
}

export function useSession(): ConsoleSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in shell');
  return session;
}

/**
 * What the console offers each role (hq/server/access.ts is the real check; this only keeps
 * controls a role cannot use off its screens). Reading the fleet and the rollouts is every role's.
 */
const CHANGES: Record<Role, { fleet: boolean; releases: boolean; commandLogs: boolean }> = {
  'it-admin': { fleet: true, releases: true, commandLogs: true },
  'finance-ops': { fleet: false, releases: false, commandLogs: false },
  viewer: { fleet: false, releases: false, commandLogs: false },
};

export function useMay(): { fleet: boolean; releases: boolean; commandLogs: boolean } {
  return CHANGES[useSession().user.role];
}
