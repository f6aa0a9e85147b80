import { useCallback, useReducer } from 'react';
import { Header } from '../components/Header.tsx';
import { IdleWarning } from '../components/IdleWarning.tsx';
import { CartScreen } from '../features/cart/Cart.tsx';
import { Browse, type BrowseState } from '../features/catalog/Browse.tsx';
import { CompareScreen } from '../features/compare/Compare.tsx';
import { CompareTray } from '../features/compare/CompareTray.tsx';
import { FavouritesScreen } from '../features/favourites/Favourites.tsx';
import { CategoryHome } from '../features/home/CategoryHome.tsx';
import { ProductDetailScreen } from '../features/product/ProductDetail.tsx';
import type { AppInfo } from './App.tsx';
import { ShopperProvider } from './shopper.tsx';
import { useIdle } from './use-idle.ts';

export type Screen =
  | { name: 'home' }
  | ({ name: 'browse' } & BrowseState)
  | { name: 'product'; productId: string }
  | { name: 'compare' }
  | { name: 'cart' }
  | { name: 'favourites' };

type Action = { type: 'push'; screen: Screen } | { type: 'replace'; screen: Screen } | { type: 'back' } | { type: 'home' };

function navigate(stack: Screen[], action: Action): Screen[] {
  switch (action.type) {
    case 'push':
      return [...stack, action.screen];
    case 'replace':
      return [...stack.slice(0, -1), action.screen];
    case 'back':
      return stack.length > 1 ? stack.slice(0, -1) : stack;
    case 'home':
      return [{ name: 'home' }];
  }
}

export type Navigate = (action: Action) => void;

/** One shopper's visit: navigation history, screens, the shopper's cart and lists, the idle watch. */
export function Visit({ info, sessionId, onEnd }: { info: AppInfo; sessionId: string; onEnd: (reason: 'idle' | 'finished') => void }) {
  const [stack, dispatch] = useReducer(navigate, [{ name: 'home' }]);
  const secondsLeft = useIdle(info.idle.timeoutMs, info.idle.warningMs, useCallback(() => onEnd('idle'), [onEnd]));
  const screen = stack.at(-1) ?? { name: 'home' };
  const depth = stack.length;

  return (
    <ShopperProvider sessionId={sessionId}>
      <div className="visit">
        <Header store={info.store} canGoBack={depth > 1} navigate={dispatch} />
        <main className={`screen screen--${screen.name}`} key={`${depth}-${screen.name}`}>
          {screen.name === 'home' && <CategoryHome navigate={dispatch} />}
          {screen.name === 'browse' && <Browse state={screen} navigate={dispatch} />}
          {screen.name === 'product' && <ProductDetailScreen key={screen.productId} productId={screen.productId} navigate={dispatch} />}
          {screen.name === 'compare' && <CompareScreen navigate={dispatch} />}
          {screen.name === 'cart' && <CartScreen navigate={dispatch} />}
          {screen.name === 'favourites' && <FavouritesScreen navigate={dispatch} />}
        </main>
        {screen.name !== 'compare' && <CompareTray navigate={dispatch} />}
        {secondsLeft !== null && <IdleWarning secondsLeft={secondsLeft} />}
      </div>
    </ShopperProvider>
  );
}
