import { createContext, useContext } from 'react';
import type { ApiError, ConsoleApi } from '../api/client.ts';
import type { SessionUser } from '../api/schemas.ts';
import { may, type Permission } from '../../server/permissions.ts';

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

/** Whether the signed-in user's role may do this (HQ checks it again: this only keeps controls a role cannot use off its screens). */
export function useMay(): (permission: Permission) => boolean {
  const { role } = useSession().user;
  return (permission) => may(role, permission);
}
