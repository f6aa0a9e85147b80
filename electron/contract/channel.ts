import { z } from 'zod';

/**
 * Who may call a channel (DESIGN.md §3): `shopper` — anyone at the screen; `staff` — a signed-in
 * floor staff member; `system` — the kiosk itself (start-up, jobs, HQ sync), never a transport.
 * Each channel declares the least role it needs; a caller with a higher role may call it too.
 */
export const Access = z.enum(['shopper', 'staff', 'system']);
export type Access = z.infer<typeof Access>;

/** What a transport knows about who is calling; it passes this with every call. */
export type Caller = { role: 'shopper' } | { role: 'staff'; staffId: string } | { role: 'system' };

export const SHOPPER: Caller = { role: 'shopper' };
export const SYSTEM: Caller = { role: 'system' };

const RANK: Record<Access, number> = { shopper: 0, staff: 1, system: 2 };

export function mayCall(caller: Caller, access: Access): boolean {
  return RANK[caller.role] >= RANK[access];
}

/** One channel of the kiosk API: who may call it, and the request and response it validates. */
export interface ChannelDef {
  readonly access: Access;
  readonly request: z.ZodType;
  readonly response: z.ZodType;
}

export const Empty = z.object({}).strict();
export const Id = z.string().min(1).max(64);
