import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { Depth, FromWorker, SeenFrame, ToWorker } from './frame-protocol.ts';

/**
 * The kiosk's one camera (issue 10 item 1). Screens that need it hold it while they are shown
 * (`useFaceFrames`); the last one to let go turns it off. Frames go to the face worker as
 * transferred bitmaps; nothing is drawn, kept or sent anywhere else. No camera, a refused
 * permission or a camera pulled out mid-visit leave it `unavailable`, and every screen carries on
 * without it: only staff are told (features/staff).
 */
export type CameraStatus =
  | { state: 'off' }
  | { state: 'starting' }
  | { state: 'on' }
  | { state: 'unavailable'; reason: 'denied' | 'absent' | 'unplugged' | 'failed' };

/** A missing camera may be plugged in later: try again after this long, not on every screen. */
const RETRY_MS = 60_000;
/** Screens hand the camera over to each other (attract → home): keep it on across the change. */
const RELEASE_GRACE_MS = 1_500;
const CAPTURE = { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' } as const;

class FaceCamera {
  private status: CameraStatus = { state: 'off' };
  private readonly listeners = new Set<() => void>();
  private users = 0;
  private stream: MediaStream | undefined;
  private video: HTMLVideoElement | undefined;
  private worker: Worker | undefined;
  private readonly waiting = new Map<number, (frame: SeenFrame | null) => void>();
  private nextId = 1;
  private failedAt = 0;
  private releaseTimer: ReturnType<typeof setTimeout> | undefined;
  /** Each start gets a number, so a stop during a slow getUserMedia wins over it. */
  private generation = 0;

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  readonly current = () => this.status;

  private set(status: CameraStatus) {
    this.status = status;
    for (const listener of this.listeners) listener();
  }

  /** Holds the camera on until the returned function is called. */
  acquire(): () => void {
    this.users++;
    clearTimeout(this.releaseTimer);
    const { state } = this.status;
    if (state === 'off' || (state === 'unavailable' && Date.now() - this.failedAt > RETRY_MS)) void this.start();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.users === 0) this.releaseTimer = setTimeout(() => this.stop(), RELEASE_GRACE_MS);
    };
  }

  private async start() {
    const generation = ++this.generation;
    this.set({ state: 'starting' });
    try {
      if (!navigator.mediaDevices?.getUserMedia) throw new DOMException('no media devices', 'NotFoundError');
      const stream = await navigator.mediaDevices.getUserMedia({ video: CAPTURE, audio: false });
      if (generation !== this.generation) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      const video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      video.srcObject = stream;
      await video.play();
      for (const track of stream.getVideoTracks()) track.addEventListener('ended', () => this.fail('unplugged'));
      this.stream = stream;
      this.video = video;
      this.worker ??= this.startWorker();
      this.set({ state: 'on' });
    } catch (error) {
      if (generation !== this.generation) return;
      const name = error instanceof DOMException ? error.name : '';
      this.fail(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : name === 'NotFoundError' || name === 'OverconstrainedError' ? 'absent' : 'failed');
    }
  }

  private startWorker(): Worker {
    const worker = new Worker(new URL('./face-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const reply = event.data;
      const resolve = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      resolve?.(reply.type === 'result' ? reply.frame : null);
    };
    worker.onerror = () => {
      this.worker = undefined;
      for (const resolve of this.waiting.values()) resolve(null);
      this.waiting.clear();
      this.fail('failed');
    };
    return worker;
  }

  private fail(reason: Extract<CameraStatus, { state: 'unavailable' }>['reason']) {
    this.release();
    this.failedAt = Date.now();
    this.set({ state: 'unavailable', reason });
  }

  private release() {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    if (this.video) this.video.srcObject = null;
    this.stream = undefined;
    this.video = undefined;
  }

  private stop() {
    if (this.users > 0) return;
    this.generation++;
    this.release();
    if (this.status.state !== 'unavailable') this.set({ state: 'off' });
  }

  /** The face worker's reading of the current frame, or null when the camera is not on or the frame failed. */
  async frame(depth: Depth): Promise<SeenFrame | null> {
    const { video, worker } = this;
    if (this.status.state !== 'on' || !video || !worker || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return null;
    const bitmap = await createImageBitmap(video);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      worker.postMessage({ type: 'frame', id, bitmap, depth } satisfies ToWorker, [bitmap]);
    });
  }
}

export const camera = new FaceCamera();

export function useCameraStatus(): CameraStatus {
  return useSyncExternalStore(camera.subscribe, camera.current);
}

/**
 * Holds the camera while the calling screen is shown and hands it a frame read to `depth` every
 * `intervalMs` (or as fast as the worker answers, when slower). Frames are not queued: the next
 * one is taken only after the last answer.
 */
export function useFaceFrames(depth: Depth, intervalMs: number, onFrame: (frame: SeenFrame, at: number) => void, enabled = true): void {
  const handler = useRef(onFrame);
  handler.current = onFrame;
  useEffect(() => {
    if (!enabled) return;
    const release = camera.acquire();
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const started = performance.now();
      const frame = await camera.frame(depth);
      if (stopped) return;
      if (frame) handler.current(frame, Date.now());
      timer = setTimeout(() => void tick(), Math.max(0, intervalMs - (performance.now() - started)));
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
      release();
    };
  }, [depth, intervalMs, enabled]);
}
