import { DecisionOutcome } from '../../../../electron/contract/credit.ts';
import { AMOUNT_BAND_EDGES_FEN, type ComparisonGroup } from '../../../server/model-schemas.ts';

/** The outcomes compared, in the order the tables list them; `error` is the challenger's only. */
export const OUTCOMES = DecisionOutcome.options;
export type ComparedOutcome = DecisionOutcome | 'error';

/** One outcome's share of a group for each model (0 when the group is empty), and the difference in points. */
export function rates(group: ComparisonGroup, outcome: ComparedOutcome): { champion: number; challenger: number; points: number } {
  const of = (count: number) => (group.applications === 0 ? 0 : count / group.applications);
  const champion = outcome === 'error' ? 0 : of(group.champion[outcome]);
  const challenger = of(group.challenger[outcome]);
  return { champion, challenger, points: (challenger - champion) * 100 };
}

/** A band's edges in fen: `from` inclusive, `to` exclusive; null `to` for the last band. */
export function bandEdges(band: number): { fromFen: number; toFen: number | null } {
  return { fromFen: band === 0 ? 0 : AMOUNT_BAND_EDGES_FEN[band - 1]!, toFen: AMOUNT_BAND_EDGES_FEN[band] ?? null };
}
