import { describe, expect, it } from 'vitest';
import { bandEdges, rates } from '../../../hq/console/features/models/models-view.ts';
import { AMOUNT_BAND_EDGES_FEN } from '../../../hq/server/model-schemas.ts';

const group = {
  applications: 8,
  champion: { approve: 6, counter_offer: 0, refer: 1, decline: 1 },
  challenger: { approve: 3, counter_offer: 1, refer: 1, decline: 2, error: 1 },
  agree: 5,
};

describe('the champion/challenger comparison view', () => {
  it('gives each outcome’s share for both models and the difference in points', () => {
    expect(rates(group, 'approve')).toEqual({ champion: 0.75, challenger: 0.375, points: -37.5 });
    expect(rates(group, 'decline')).toEqual({ champion: 0.125, challenger: 0.25, points: 12.5 });
    // Only the challenger can fail; the champion decided every application.
    expect(rates(group, 'error')).toEqual({ champion: 0, challenger: 0.125, points: 12.5 });
  });

  it('says 0 for an empty group rather than dividing by nothing', () => {
    const empty = { ...group, applications: 0, champion: { approve: 0, counter_offer: 0, refer: 0, decline: 0 }, challenger: { approve: 0, counter_offer: 0, refer: 0, decline: 0, error: 0 }, agree: 0 };
    expect(rates(empty, 'approve')).toEqual({ champion: 0, challenger: 0, points: 0 });
  });

  it('names the amount bands by HQ’s edges, the last one open', () => {
    expect(bandEdges(0)).toEqual({ fromFen: 0, toFen: AMOUNT_BAND_EDGES_FEN[0] });
    expect(bandEdges(1)).toEqual({ fromFen: AMOUNT_BAND_EDGES_FEN[0], toFen: AMOUNT_BAND_EDGES_FEN[1] });
    expect(bandEdges(AMOUNT_BAND_EDGES_FEN.length)).toEqual({ fromFen: AMOUNT_BAND_EDGES_FEN.at(-1), toFen: null });
  });
});
