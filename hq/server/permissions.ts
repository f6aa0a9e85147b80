import { z } from 'zod';

/**
 * The console's roles and what each may do: HQ's guard (access.ts) enforces it on every admin
 * route, and the console reads the same table to keep controls a role cannot use off its screens.
 * Pure, so the browser app imports it too.
 */
export const ConsoleRole = z.enum(['it-admin', 'finance-ops', 'viewer']);
export type ConsoleRole = z.infer<typeof ConsoleRole>;

export type Permission =
  | 'fleet:read'
  | 'fleet:write'
  | 'releases:read'
  | 'releases:write'
  | 'publish'
  | 'credit:read'
  | 'credit:write'
  | 'figures:read'
  | 'audit:read';

export const ROLE_PERMISSIONS: Record<ConsoleRole, readonly Permission[]> = {
  'it-admin': ['fleet:read', 'fleet:write', 'releases:read', 'releases:write', 'figures:read', 'audit:read'],
  'finance-ops': ['fleet:read', 'releases:read', 'publish', 'credit:read', 'credit:write', 'figures:read', 'audit:read'],
  viewer: ['fleet:read', 'releases:read', 'figures:read'],
};

export const may = (role: ConsoleRole, permission: Permission): boolean => ROLE_PERMISSIONS[role].includes(permission);
