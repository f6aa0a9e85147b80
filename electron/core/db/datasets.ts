import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { sha256Hex } from '../sha256.ts';
import type { Db } from './database.ts';

/**
 * What HQ publishes and the kiosk applies whole (DESIGN.md §7), one row each in `datasets`.
 * prices and promotions are effective-dated (core/catalog/schedule.ts).
 */
export type DatasetName = 'catalog' | 'prices' | 'stock' | 'promotions' | 'finance' | 'blocklist' | 'decision_models' | 'config' | 'staff';

export type ApplyProgress = (done: number, total: number) => void;

/**
 * One published dataset, as the feature that owns its tables defines it: the registry parses
 * and validates the file, skips content it applied already, runs `apply` inside the transaction
 * that records the dataset, then calls `invalidate` once it has committed. The demo seed and
 * (later) HQ sync go through the same registry, so a dataset is applied one way only.
 */
export interface Dataset<T extends { version: string } = { version: string }> {
  readonly name: DatasetName;
  readonly schema: z.ZodType<T>;
  /**
   * The demo store's copy, relative to resources/: seeded into a database that has none. Absent:
   * nothing is seeded and the feature runs on its built-in default until HQ publishes one.
   */
  readonly seedFile?: string;
  /**
   * Takes effect at the publication's `effectiveAt`, not when applied: the same content dated
   * for another moment is then new content (the registry's hash covers the moment too).
   */
  readonly effectiveDated?: boolean;
  /**
   * Writes the dataset's rows; the registry's transaction is open (nothing half-applied). Throwing
   * refuses the dataset. `effectiveAt`: when the publication says it takes effect (`now` without one).
   */
  apply(data: T, now: number, onProgress?: ApplyProgress, effectiveAt?: number): void;
  /** After commit: drop what was built from the previous rows, tell whoever shows them. */
  invalidate(data: T): void;
}

export type DatasetResult = { ok: true; applied: boolean; version: string } | { ok: false; message: string };

export interface ApplyOptions {
  onProgress?: ApplyProgress;
  /** When the publication takes effect (HQ's envelope); absent: when applied. */
  effectiveAt?: number;
  /**
   * Runs inside the transaction that applies the dataset (also when the content was applied
   * already and is skipped), so a caller's bookkeeping (HQ sync's cursor) commits with it or not at all.
   */
  inTransaction?: (result: { applied: boolean; version: string; at: number }) => void;
}

/** The content hash that identifies a dataset file: the same bytes twice apply once. */
export function datasetHash(raw: string): string {
  return sha256Hex(raw);
}

export class DatasetRegistry {
  private readonly datasets = new Map<DatasetName, Dataset>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  register<T extends { version: string }>(dataset: Dataset<T>): void {
    if (this.datasets.has(dataset.name)) throw new Error(`dataset ${dataset.name} registered twice`);
    this.datasets.set(dataset.name, dataset as unknown as Dataset);
  }

  /** The version applied last, if any. */
  appliedVersion(name: DatasetName): string | undefined {
    return this.db.prepare('SELECT version FROM datasets WHERE name = ?').pluck().get(name) as string | undefined;
  }

  /** When the version in use was applied, if any. */
  appliedAt(name: DatasetName): number | undefined {
    return this.db.prepare('SELECT applied_at FROM datasets WHERE name = ?').pluck().get(name) as number | undefined;
  }

  has(name: DatasetName): boolean {
    return this.datasets.has(name);
  }

  /** Applies a dataset file's text: invalid JSON or content is refused with a message, nothing written. */
  apply(name: DatasetName, raw: string, options: ApplyProgress | ApplyOptions = {}): DatasetResult {
    const { onProgress, inTransaction, effectiveAt } = typeof options === 'function' ? { onProgress: options, inTransaction: undefined, effectiveAt: undefined } : options;
    const dataset = this.datasets.get(name);
    if (!dataset) return { ok: false, message: `no dataset named ${name}` };
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      return { ok: false, message: `${name}: not valid JSON: ${(error as Error).message}` };
    }
    const parsed = dataset.schema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      return { ok: false, message: `${name}: ${issues.join('; ')}` };
    }
    const data = parsed.data;
    const hash = dataset.effectiveDated && effectiveAt !== undefined ? datasetHash(`${raw}\n@${effectiveAt}`) : datasetHash(raw);
    let applied: boolean;
    try {
      applied = this.db
        .transaction(() => {
          const at = this.now();
          const current = this.db.prepare('SELECT hash FROM datasets WHERE name = ?').pluck().get(name);
          const fresh = current !== hash;
          if (fresh) {
            dataset.apply(data, at, onProgress, effectiveAt ?? at);
            this.db
              .prepare(
                `INSERT INTO datasets (name, version, hash, applied_at) VALUES (?, ?, ?, ?)
                 ON CONFLICT (name) DO UPDATE SET version = excluded.version, hash = excluded.hash, applied_at = excluded.applied_at`,
              )
              .run(name, data.version, hash, at);
          }
          inTransaction?.({ applied: fresh, version: data.version, at });
          return fresh;
        })
        .immediate();
    } catch (error) {
      // Rolled back whole: what was applied before stays in use.
      return { ok: false, message: `${name}: ${(error as Error).message}` };
    }
    if (applied) dataset.invalidate(data);
    return { ok: true, applied, version: data.version };
  }

  applyFile(name: DatasetName, file: string, onProgress?: ApplyProgress): DatasetResult {
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch (error) {
      return { ok: false, message: `${name}: cannot read ${file}: ${(error as Error).message}` };
    }
    const result = this.apply(name, raw, onProgress);
    return result.ok ? result : { ok: false, message: `${result.message} (${file})` };
  }

  /** A fresh database gets every dataset it lacks from the demo store (or from `files`, for tests and tools). */
  seedMissing(resourcesDir: string, files: Partial<Record<DatasetName, string>>, onProgress?: ApplyProgress): DatasetResult | null {
    for (const dataset of this.datasets.values()) {
      if (this.appliedVersion(dataset.name) !== undefined) continue;
      const file = files[dataset.name] ?? (dataset.seedFile === undefined ? undefined : join(resourcesDir, dataset.seedFile));
      if (file === undefined) continue;
      const result = this.applyFile(dataset.name, file, onProgress);
      if (!result.ok) return result;
    }
    return null;
  }
}
