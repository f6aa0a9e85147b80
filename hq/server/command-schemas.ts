import { z } from 'zod';
import { CommandDetail, CommandKind, CommandSpec, HqCommandState, MAX_COMMAND_TTL_MINUTES } from '../../electron/contract/fleet-commands.ts';
import { EpochMs, KioskId, StoreId } from '../../electron/contract/sync.ts';

/**
 * The admin API of remote commands (issue 12 item 4; hq/fleet-commands.ts). Not part of the kiosk
 * contract: the kiosk sees only the signed command (contract/fleet-commands.ts).
 */

/** A command for a kiosk (or each kiosk of a store): `{ kind, args }` as contract/fleet-commands.ts has them, and how long it may wait. */
const issueExtra = {
  /** How long the kiosk may still run it (default a day). */
  ttlMinutes: z.number().int().min(1).max(MAX_COMMAND_TTL_MINUTES).optional(),
  /** Who is asking (recorded and signed into the command); the API's one admin token does not say. */
  issuedBy: z.string().trim().min(1).max(64).optional(),
};
const [firstKind, ...otherKinds] = CommandSpec.options.map((option) => option.extend(issueExtra));
export const IssueCommandRequest = z.discriminatedUnion('kind', [firstKind!, ...otherKinds]);
export type IssueCommandRequest = z.infer<typeof IssueCommandRequest>;

export const CommandSummary = z.object({
  commandId: z.uuid(),
  kioskId: KioskId,
  kind: CommandKind,
  args: z.record(z.string(), z.unknown()),
  state: HqCommandState,
  reason: z.string().nullable(),
  result: CommandDetail.nullable(),
  issuedAt: EpochMs,
  expiresAt: EpochMs,
  issuedBy: z.string(),
  reportedAt: EpochMs.nullable(),
  batchId: z.uuid().nullable(),
  logs: z.object({ chars: z.number().int(), lines: z.number().int(), truncated: z.boolean(), redactions: z.number().int(), receivedAt: EpochMs }).nullable(),
});
export const IssueCommandResponse = z.object({ command: CommandSummary });
export const IssueStoreCommandResponse = z.object({ storeId: StoreId, batchId: z.uuid(), commands: z.array(CommandSummary) });

export const CommandsQuery = z.object({ state: HqCommandState.optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }).strict();
export const CommandsResponse = z.object({ kioskId: KioskId, commands: z.array(CommandSummary) });

export const CommandParams = z.object({ id: KioskId, commandId: z.uuid() }).strict();
export const CommandHistoryResponse = z.object({
  command: CommandSummary,
  history: z.array(z.object({ state: z.string(), reason: z.string().nullable(), detail: CommandDetail.nullable(), by: z.string().nullable(), at: EpochMs })),
});
