import { useEffect, useImperativeHandle, useRef, type PointerEvent as ReactPointerEvent, type Ref } from 'react';

export interface SignaturePadHandle {
  clear(): void;
  /** The signature as a PNG data URL, dark ink on white so it reads the same wherever it is shown later. */
  toPng(): string;
}

type Point = readonly [x: number, y: number];

/** Ink width in CSS pixels: a finger on glass, legible when the image is shrunk into the contract. */
const INK = 3.5;
/** The stored image is at most this wide; a wider one adds bytes, not legibility. */
const EXPORT_WIDTH = 1000;
/** Ink needed before Sign is offered, as a fraction of the pad's size: a tap or a dot is not a signature. */
const MIN_INK = 0.3;

/** Total stroke length in pad-relative units. */
function inkLength(strokes: readonly Point[][]): number {
  let length = 0;
  for (const stroke of strokes) for (let i = 1; i < stroke.length; i++) {
    const [a, b] = [stroke[i - 1], stroke[i]];
    if (a && b) length += Math.hypot(b[0] - a[0], b[1] - a[1]);
  }
  return length;
}

/**
 * A canvas to sign on with a finger, a stylus or a mouse (pointer events). Strokes are kept as
 * points relative to the pad's size, so a resize or rotation redraws them instead of losing them.
 */
export function SignaturePad({ label, onInk, ref }: { label: string; onInk: (hasInk: boolean) => void; ref?: Ref<SignaturePadHandle> }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Point[][]>([]);
  const active = useRef<number | null>(null);
  const inked = useRef(onInk);
  inked.current = onInk;
  const enough = useRef(false);
  const report = () => {
    const now = inkLength(strokes.current) >= MIN_INK;
    if (now !== enough.current) {
      enough.current = now;
      inked.current(now);
    }
  };

  useImperativeHandle(ref, () => ({
    clear() {
      strokes.current = [];
      redraw(canvas.current, strokes.current);
      enough.current = false;
      inked.current(false);
    },
    toPng() {
      const pad = canvas.current;
      const out = document.createElement('canvas');
      if (!pad) return out.toDataURL('image/png');
      const rect = pad.getBoundingClientRect();
      const scale = Math.min(1, EXPORT_WIDTH / Math.max(1, rect.width));
      out.width = Math.max(1, Math.round(rect.width * scale));
      out.height = Math.max(1, Math.round(rect.height * scale));
      const ctx = out.getContext('2d');
      if (ctx) {
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, out.width, out.height);
        paint(ctx, out.width, out.height, INK * scale, strokes.current);
      }
      return out.toDataURL('image/png');
    },
  }));

  // The drawing buffer follows the pad's on-screen size at the display's pixel ratio.
  useEffect(() => {
    const pad = canvas.current;
    if (!pad) return;
    const fit = () => {
      const rect = pad.getBoundingClientRect();
      const ratio = window.devicePixelRatio || 1;
      pad.width = Math.max(1, Math.round(rect.width * ratio));
      pad.height = Math.max(1, Math.round(rect.height * ratio));
      redraw(pad, strokes.current);
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(pad);
    return () => observer.disconnect();
  }, []);

  const pointAt = (event: ReactPointerEvent<HTMLCanvasElement> | PointerEvent): Point | null => {
    const pad = canvas.current;
    if (!pad) return null;
    const rect = pad.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return null;
    const clamp = (n: number) => Math.min(1, Math.max(0, n));
    return [clamp((event.clientX - rect.left) / rect.width), clamp((event.clientY - rect.top) / rect.height)];
  };

  return (
    <canvas
      ref={canvas}
      className="signature-pad"
      role="img"
      aria-label={label}
      onPointerDown={(event) => {
        // One finger signs; a palm or second finger resting on the glass does not.
        if (!event.isPrimary || active.current !== null) return;
        const point = pointAt(event);
        if (!point) return;
        event.preventDefault();
        try {
          event.currentTarget.setPointerCapture(event.pointerId);
        } catch {
          // Capture only keeps a stroke that leaves the pad; drawing works without it.
        }
        active.current = event.pointerId;
        strokes.current.push([point]);
        redraw(canvas.current, strokes.current);
      }}
      onPointerMove={(event) => {
        if (active.current !== event.pointerId) return;
        const stroke = strokes.current.at(-1);
        if (!stroke) return;
        const events = event.nativeEvent.getCoalescedEvents?.() ?? [];
        for (const e of events.length > 0 ? events : [event.nativeEvent]) {
          const point = pointAt(e);
          if (point) stroke.push(point);
        }
        redraw(canvas.current, strokes.current);
        report();
      }}
      onPointerUp={(event) => {
        if (active.current === event.pointerId) active.current = null;
      }}
      onPointerCancel={(event) => {
        if (active.current === event.pointerId) active.current = null;
      }}
    />
  );
}

function redraw(pad: HTMLCanvasElement | null, strokes: readonly Point[][]): void {
  const ctx = pad?.getContext('2d');
  if (!pad || !ctx) return;
  ctx.clearRect(0, 0, pad.width, pad.height);
  const ratio = pad.width / Math.max(1, pad.getBoundingClientRect().width);
  paint(ctx, pad.width, pad.height, INK * ratio, strokes);
}

function paint(ctx: CanvasRenderingContext2D, width: number, height: number, ink: number, strokes: readonly Point[][]): void {
  ctx.strokeStyle = '#14232b';
  ctx.fillStyle = '#14232b';
  ctx.lineWidth = ink;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const stroke of strokes) {
    const [first, ...rest] = stroke;
    if (!first) continue;
    if (rest.length === 0) {
      // A tap leaves a dot, as a pen would.
      ctx.beginPath();
      ctx.arc(first[0] * width, first[1] * height, ink / 2, 0, Math.PI * 2);
      ctx.fill();
      continue;
    }
    ctx.beginPath();
    ctx.moveTo(first[0] * width, first[1] * height);
    for (const [x, y] of rest) ctx.lineTo(x * width, y * height);
    ctx.stroke();
  }
}
