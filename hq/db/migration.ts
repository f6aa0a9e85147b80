/**
 * A numbered schema migration: a file of its own, `migrations/NNNN-<what>.ts`, listed once, in
 * order, in `migrations.ts`. Append only: a shipped migration is never edited; add the next number.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
