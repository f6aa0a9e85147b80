import { useCallback, useRef, useState } from 'react';
import { distance, MATCH_THRESHOLD } from '../../../electron/domain/face-match.ts';
import { qualityHint, type QualityHint } from '../../../electron/domain/face-quality.ts';
import { useFaceFrames } from './camera.ts';

/** Enrolment keeps views at least this far apart in time, so they are not the same instant thrice. */
const VIEW_GAP_MS = 400;
const FRAME_MS = 250;

export interface Capture {
  /** What the shopper should do now (null: the frame is good and views are being kept). */
  hint: QualityHint | null;
  /** Descriptors kept so far, each from a frame that passed the quality gate. */
  views: number[][];
  done: boolean;
  restart(): void;
}

/**
 * Takes `wanted` views of one face through the quality gate, with a live hint for each frame. A
 * view of someone else (further than the match threshold from the first) starts over: a second
 * person stepping in must not become part of this member's template.
 */
export function useCapture(wanted: number, enabled: boolean): Capture {
  const [hint, setHint] = useState<QualityHint | null>('NO_FACE');
  const [views, setViews] = useState<number[][]>([]);
  const lastKept = useRef(0);
  const done = views.length >= wanted;

  useFaceFrames(
    'descriptor',
    FRAME_MS,
    (frame, at) => {
      const problem = qualityHint(frame);
      setHint(problem);
      const descriptor = frame.faces[0]?.descriptor;
      if (problem !== null || !descriptor || at - lastKept.current < VIEW_GAP_MS) return;
      lastKept.current = at;
      setViews((kept) => {
        if (kept.length >= wanted) return kept;
        if (kept.length > 0 && distance(kept[0]!, descriptor) > MATCH_THRESHOLD) return [descriptor];
        return [...kept, descriptor];
      });
    },
    enabled && !done,
  );

  const restart = useCallback(() => {
    lastKept.current = 0;
    setViews([]);
    setHint('NO_FACE');
  }, []);

  return { hint, views, done, restart };
}
