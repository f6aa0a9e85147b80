import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FACE_CHECK_CONSENT, type ApplicationFace } from '../../../electron/contract/face.ts';
import { qualityHint } from '../../../electron/domain/face-quality.ts';
import { judgeLiveness, type Challenge, type LivenessFrame } from '../../../electron/domain/liveness.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { useCameraStatus, useFaceFrames } from './camera.ts';

const FRAME_MS = 80;
/** Showing "done" or "not done" this long before the application goes on. */
const VERDICT_MS = 1_200;

type Phase =
  | { name: 'starting' }
  /** Waiting for a near, frontal face: its descriptor is the one the several-IDs check uses. */
  | { name: 'position' }
  | { name: 'steps'; step: number }
  | { name: 'verdict'; passed: boolean };

/**
 * The face check during an application (issue 10 item 5): the core draws the order of a blink and
 * a turn each way; this shows each step and sends every frame's landmarks with the application,
 * where the core judges them again. A still image, a photo or a recording in another order does
 * not pass. Skipping it, or having no camera, is allowed: staff then check, and nobody is declined
 * for it. `onDone` gets what goes with the application.
 */
export function LivenessCheck({ sessionId, onDone }: { sessionId: string; onDone: (face: ApplicationFace) => void }) {
  const { t } = useTranslation();
  const camera = useCameraStatus();
  const [challenge, setChallenge] = useState<{ challengeId: string; order: Challenge[]; stepMs: number } | null>(null);
  const [phase, setPhase] = useState<Phase>({ name: 'starting' });
  const [hint, setHint] = useState<string | null>(null);
  const frames = useRef<LivenessFrame[]>([]);
  const descriptor = useRef<number[] | null>(null);
  const started = useRef(0);
  const stepSince = useRef(0);
  const finished = useRef(false);
  // The form's handler changes with every render of the form; the check asks for one challenge.
  const done = useRef(onDone);
  done.current = onDone;

  const finish = useCallback((face: ApplicationFace) => {
    if (finished.current) return;
    finished.current = true;
    done.current(face);
  }, []);
  const skip = useCallback(
    (reason: 'camera_unavailable' | 'shopper_skipped') => finish({ kind: 'skipped', consentVersion: FACE_CHECK_CONSENT.version, reason }),
    [finish],
  );

  useEffect(() => {
    let live = true;
    void kiosk.faceChallenge({ sessionId }).then((result) => {
      if (!live) return;
      if (!result.ok) return skip('camera_unavailable');
      setChallenge({ ...result.data, order: [...result.data.order] });
      setPhase({ name: 'position' });
    });
    return () => {
      live = false;
    };
  }, [sessionId, skip]);

  const conclude = useCallback(
    (passed: boolean) => {
      if (!challenge) return;
      setPhase({ name: 'verdict', passed });
      const attempt: ApplicationFace = {
        kind: 'attempt',
        consentVersion: FACE_CHECK_CONSENT.version,
        challengeId: challenge.challengeId,
        startedAt: started.current,
        frames: frames.current.map((f) => ({ at: f.at, landmarks: f.landmarks ? f.landmarks.map((p) => ({ x: p.x, y: p.y })) : null })),
        descriptor: descriptor.current,
      };
      setTimeout(() => finish(attempt), VERDICT_MS);
    },
    [challenge, finish],
  );

  const positioning = phase.name === 'position';
  useFaceFrames(
    positioning ? 'descriptor' : 'landmarks',
    FRAME_MS,
    (frame, at) => {
      if (!challenge) return;
      if (positioning) {
        const problem = qualityHint(frame);
        setHint(problem);
        if (problem !== null || !frame.faces[0]?.descriptor) return;
        descriptor.current = frame.faces[0].descriptor;
        started.current = at;
        stepSince.current = at;
        setPhase({ name: 'steps', step: 0 });
        return;
      }
      if (phase.name !== 'steps') return;
      frames.current.push({ at, landmarks: frame.faces.length === 1 ? (frame.faces[0]!.landmarks ?? null) : null });
      const verdict = judgeLiveness(challenge.order, frames.current, started.current);
      if (verdict.passed) return conclude(true);
      const step = verdict.failedStep === null ? challenge.order.length : challenge.order.indexOf(verdict.failedStep);
      if (step !== phase.step) {
        stepSince.current = at;
        setPhase({ name: 'steps', step });
      } else if (at - stepSince.current > challenge.stepMs) {
        conclude(false);
      }
    },
    challenge !== null && (positioning || phase.name === 'steps'),
  );

  // The check cannot be done without a camera: it is skipped, and staff check instead.
  const unavailable = camera.state === 'unavailable';

  return (
    <div className="overlay">
      <div className="dialog liveness" role="dialog" aria-modal="true" aria-labelledby="liveness-title">
        <h2 id="liveness-title">{t('face.liveness.title')}</h2>
        {unavailable ? (
          <>
            <p role="alert">{t('face.liveness.unavailable')}</p>
            <div className="confirm__actions">
              <button type="button" className="primary-button" onClick={() => skip('camera_unavailable')}>
                {t('face.liveness.continue')}
              </button>
            </div>
          </>
        ) : (
          <>
            <p className="liveness__instruction" aria-live="assertive">
              {phase.name === 'position' && t(hint === null ? 'face.liveness.intro' : `face.hint.${hint}`)}
              {phase.name === 'steps' && challenge && t(`face.liveness.step.${challenge.order[Math.min(phase.step, 2)]}`)}
              {phase.name === 'verdict' && t(phase.passed ? 'face.liveness.passed' : 'face.liveness.failed')}
            </p>
            {phase.name === 'steps' && <p className="liveness__progress">{t('face.liveness.stepOf', { n: Math.min(phase.step + 1, 3), total: 3 })}</p>}
            {phase.name !== 'verdict' && (
              <div className="confirm__actions">
                <button type="button" className="secondary-button" onClick={() => skip('shopper_skipped')}>
                  {t('face.liveness.skip')}
                </button>
              </div>
            )}
          </>
        )}
      </div>
    </div>
  );
}
