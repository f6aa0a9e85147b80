/** How long after the finger lifts a click may still come; past it, nothing of that touch is left. */
const CLICK_GRACE_MS = 600;

/**
 * For whatever closes on finger-down (the keyboard's Done key, the idle prompt): the browser
 * delivers the rest of that touch — the finger-up and the click it makes of the tap — to whatever
 * is under the finger once the closed thing is gone, so the product card under Done would open.
 * Called with the pointerdown that closes, this swallows the rest of that one touch.
 */
export function swallowRestOfPress(down: Pick<PointerEvent, 'pointerId'>): void {
  const capture = { capture: true } as const;
  let lifted = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const swallow = (event: Event) => {
    if (event.cancelable) event.preventDefault();
    event.stopImmediatePropagation();
  };
  const onPointerUp = (event: PointerEvent) => {
    if (event.pointerId !== down.pointerId) return;
    swallow(event);
    lifted = true;
    timer = setTimeout(release, CLICK_GRACE_MS);
  };
  // The browser gave the touch to a scroll: no click follows.
  const onPointerCancel = (event: PointerEvent) => {
    if (event.pointerId === down.pointerId) release();
  };
  // A new touch is the shopper's next intent, never part of this one.
  const onPointerDown = () => {
    if (lifted) release();
  };
  // A cancelled touchend makes no click at all; the compatibility mouse events and the click are
  // stopped as well in case it came anyway (and a swallowed mousedown moves no focus).
  const onClick = (event: Event) => {
    swallow(event);
    release();
  };

  function release() {
    clearTimeout(timer);
    window.removeEventListener('pointerup', onPointerUp, capture);
    window.removeEventListener('pointercancel', onPointerCancel, capture);
    window.removeEventListener('pointerdown', onPointerDown, capture);
    window.removeEventListener('touchend', swallow, capture);
    window.removeEventListener('mousedown', swallow, capture);
    window.removeEventListener('mouseup', swallow, capture);
    window.removeEventListener('click', onClick, capture);
  }

  window.addEventListener('pointerup', onPointerUp, capture);
  window.addEventListener('pointercancel', onPointerCancel, capture);
  window.addEventListener('pointerdown', onPointerDown, capture);
  window.addEventListener('touchend', swallow, { capture: true, passive: false });
  window.addEventListener('mousedown', swallow, capture);
  window.addEventListener('mouseup', swallow, capture);
  window.addEventListener('click', onClick, capture);
}
