import { useEffect, useRef } from 'react';
import type { CameraHealth } from '../../electron/contract/fleet.ts';
import { useCameraStatus, type CameraStatus } from '../features/face/camera.ts';
import { kiosk } from './kiosk-client.ts';

const EVERY_MS = 10_000;

const health = (status: CameraStatus): CameraHealth => (status.state === 'unavailable' ? status.reason : status.state);

/**
 * The renderer's heartbeat (issue 12 item 3): sent from inside an animation frame, so a screen
 * that stops painting (white, frozen, hung script) stops it, and HQ sees the last frame age. It
 * carries the camera's state, which only the renderer knows.
 */
export function useRendererHeartbeat(): void {
  const camera = useCameraStatus();
  const latest = useRef(camera);
  latest.current = camera;
  useEffect(() => {
    let frame = 0;
    const beat = () => {
      frame = requestAnimationFrame(() => void kiosk.rendererHeartbeat({ camera: health(latest.current) }));
    };
    beat();
    const timer = setInterval(beat, EVERY_MS);
    return () => {
      clearInterval(timer);
      cancelAnimationFrame(frame);
    };
  }, []);
}
