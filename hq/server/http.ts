import type { z } from 'zod';
import type { HqErrorCode } from '../../electron/contract/sync.ts';
import type { RowProblem } from '../datasets.ts';

/** An answer in the contract's HqError shape, thrown from a handler and sent by the error handler. */
export class HqHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HqErrorCode,
    message: string,
    readonly extra: { serverTime?: number; expectedSeq?: number; retryAfterS?: number; attemptsLeft?: number; problems?: RowProblem[] } = {},
  ) {
    super(message);
  }
}

/**
 * Parses one input with its zod schema; a failure is 400 BAD_REQUEST naming the field
 * (`body.items.3.payloadHash: …`). Zod's messages describe the expected shape, never the value.
 */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = [where, ...(issue?.path ?? [])].join('.');
  throw new HqHttpError(400, 'BAD_REQUEST', `${path}: ${issue?.message ?? 'invalid'}`);
}
