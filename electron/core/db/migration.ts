/**
 * A numbered schema migration. Each lives in a file of its own, `NNNN-<what>.ts` in the folder of
 * the feature that owns its tables (`core/<feature>/migrations/`), and is listed once, in order, in
 * `migrations.ts`. Append only: a shipped migration is never edited; add the next number instead.
 * `PRAGMA user_version` holds the number applied last.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
