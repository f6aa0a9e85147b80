import { useEffect, useRef } from 'react';
import type { CameraHealth } from '../../electron/contract/fleet.ts';
import { useCameraStatus, type CameraStatus } from '../features/face/camera.ts';
import { kiosk } from './kiosk-client.ts';

/** Until the watchdog says how often (a few times per its stall period). */
const DEFAULT_EVERY_MS = 5_000;

const health = (status: CameraStatus): CameraHealth => (status.state === 'unavailable' ? status.reason : status.state);

/**
 * The renderer's heartbeat (issue 12 items 3 and 5): sent from inside an animation frame, so a
 * screen that stops painting (white, frozen, hung script) stops it; HQ sees the last frame age and
 * the watchdog reloads the window. It carries the camera's state, which only the renderer knows.
 */
export function useRendererHeartbeat(everyMs = DEFAULT_EVERY_MS): void {
  const camera = useCameraStatus();
  const latest = useRef(camera);
  latest.current = camera;
  useEffect(() => {
    let frame = 0;
    const beat = () => {
      frame = requestAnimationFrame(() => void kiosk.rendererHeartbeat({ camera: health(latest.current) }));
    };
    beat();
    const timer = setInterval(beat, everyMs);
    return () => {
      clearInterval(timer);
      cancelAnimationFrame(frame);
    };
  }, [everyMs]);
}
