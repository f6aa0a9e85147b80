import { useEffect } from 'react';
import { ShopperProvider } from '../../app/shopper.tsx';
import { Browse } from './Browse.tsx';

/** Long enough for the filters, which render a frame after the tiles, to have run too. */
const KEEP_MS = 500;
const stay = () => undefined;

/**
 * A category's browse screen rendered once, out of sight and out of reach, while the attract
 * screen shows: a shopper's first tap then runs code the engine has compiled, styles it has
 * matched and text it has shaped before. It has no shopper (no session, nothing tracked) and
 * goes after `KEEP_MS`.
 */
export function BrowsePrerender({ categoryId, onDone }: { categoryId: string; onDone: () => void }) {
  useEffect(() => {
    const timer = setTimeout(onDone, KEEP_MS);
    return () => clearTimeout(timer);
  }, [onDone]);
  return (
    <div className="browse-prerender" aria-hidden="true" inert>
      <div className="screen screen--browse">
        <ShopperProvider sessionId="">
          <Browse state={{ categoryId, text: '', filters: {} }} navigate={stay} />
        </ShopperProvider>
      </div>
    </div>
  );
}
