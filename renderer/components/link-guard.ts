import { useEffect, useRef } from 'react';

/**
 * Keeps the shopper inside the kiosk in the web host too (Electron also blocks navigation in
 * main): a tap on a link to another origin does nothing but explain why, and window.open is off.
 */
export function useOutsideLinkGuard(onBlocked: () => void): void {
  const blocked = useRef(onBlocked);
  blocked.current = onBlocked;
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const target = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (!(target instanceof HTMLAnchorElement)) return;
      const url = new URL(target.href, location.href);
      if (url.origin === location.origin && target.target !== '_blank') return;
      event.preventDefault();
      blocked.current();
    };
    const open = window.open;
    window.open = () => {
      blocked.current();
      return null;
    };
    document.addEventListener('click', onClick, { capture: true });
    return () => {
      document.removeEventListener('click', onClick, { capture: true });
      window.open = open;
    };
  }, []);
}
