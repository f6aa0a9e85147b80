import { z } from 'zod';
import { DecisionOutcome } from '../../electron/contract/credit.ts';
import { EpochMs, StoreId } from '../../electron/contract/sync.ts';

/**
 * The champion/challenger API (issue 14 item 7) the HQ console reads: which decision models each
 * scope runs, publishing a challenger, promoting or withdrawing it, and the comparison of the two
 * on the applications that fell in the challenger's share.
 */

export const ModelScope = z.union([z.literal('all'), StoreId]);

/** Where the comparison splits the amounts asked for (fen): under ¥3,000, ¥3,000–8,000, ¥8,000–15,000, ¥15,000 and more. */
export const AMOUNT_BAND_EDGES_FEN = [300_000, 800_000, 1_500_000] as const;

export const Challenger = z.object({ version: z.string(), sharePercent: z.number().int().min(1).max(100) });

/** `GET /v1/admin/models`: each scope's models (its newest decision_models publication), and every challenger with shadow decisions. */
export const ModelsResponse = z.object({
  scopes: z.array(
    z.object({
      scope: ModelScope,
      /** null: nothing published for every store, so kiosks run the model bundled with the app. */
      publication: z.number().int().positive().nullable(),
      champion: z.string(),
      challenger: Challenger.nullable(),
      publishedAt: EpochMs.nullable(),
      publishedBy: z.string().nullable(),
    }),
  ),
  challengers: z.array(z.object({ version: z.string(), applications: z.number().int().nonnegative(), firstAt: EpochMs, lastAt: EpochMs })),
});
export type ModelsResponse = z.infer<typeof ModelsResponse>;

/** `POST /v1/admin/models/challenger`: a decision model file (as published: version, manifest, graph) to run in shadow beside the scope's champion. */
export const ChallengerRequest = z
  .object({
    scope: ModelScope.default('all'),
    /** The model file's text: `{ "version", "manifest", "graph" }`, as a decision_models file. */
    body: z.string().min(1).max(16 * 1024 * 1024),
    sharePercent: z.number().int().min(1).max(100),
  })
  .strict();
/** `POST /v1/admin/models/promote` and `…/withdraw`: the scope whose challenger becomes its champion, or is dropped. */
export const ScopeRequest = z.object({ scope: ModelScope.default('all') }).strict();
export const ModelPublished = z.object({ scope: ModelScope, version: z.number().int().positive(), champion: z.string(), challenger: Challenger.nullable() });

export const ComparisonQuery = z.object({ challenger: z.string().min(1).max(64) }).strict();

const Counts = z.object(Object.fromEntries(DecisionOutcome.options.map((o) => [o, z.number().int().nonnegative()])) as Record<DecisionOutcome, z.ZodNumber>);
/** One group's applications, what each model decided on them, and how many they agreed on. */
export const ComparisonGroup = z.object({
  applications: z.number().int().nonnegative(),
  champion: Counts,
  challenger: Counts.extend({ error: z.number().int().nonnegative() }),
  agree: z.number().int().nonnegative(),
});
export type ComparisonGroup = z.infer<typeof ComparisonGroup>;

/** `GET /v1/admin/models/comparison?challenger=`: champion beside challenger, overall, by store and by amount band. */
export const ComparisonResponse = z.object({
  challenger: z.string(),
  /** The champions it ran beside (one, unless the champion changed while it ran). */
  champions: z.array(z.string()),
  total: ComparisonGroup,
  byStore: z.array(ComparisonGroup.extend({ storeId: StoreId })),
  /** Index into AMOUNT_BAND_EDGES_FEN's bands: 0 is under the first edge; bands with no application are left out. */
  byBand: z.array(ComparisonGroup.extend({ band: z.number().int().min(0).max(AMOUNT_BAND_EDGES_FEN.length) })),
});
export type ComparisonResponse = z.infer<typeof ComparisonResponse>;
