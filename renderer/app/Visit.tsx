import { useCallback, useReducer } from 'react';
import { Header } from '../components/Header.tsx';
import { IdleWarning } from '../components/IdleWarning.tsx';
import { CartScreen } from '../features/cart/Cart.tsx';
import { Browse } from '../features/catalog/Browse.tsx';
import { CompareScreen } from '../features/compare/Compare.tsx';
import { CompareTray } from '../features/compare/CompareTray.tsx';
import { ApplyScreen } from '../features/credit/Apply.tsx';
import { DecisionScreen } from '../features/credit/Decision.tsx';
import { FulfilmentScreen } from '../features/credit/Fulfilment.tsx';
import { KeyTermsScreen } from '../features/credit/KeyTerms.tsx';
import { OrderScreen } from '../features/credit/Order.tsx';
import { FavouritesScreen } from '../features/favourites/Favourites.tsx';
import { CategoryHome } from '../features/home/CategoryHome.tsx';
import { ProductDetailScreen } from '../features/product/ProductDetail.tsx';
import type { AppInfo } from './kiosk-client.ts';
import { CREDIT_SCREENS, navigate } from './navigation.ts';
import { ShopperProvider } from './shopper.tsx';
import { useIdle } from './use-idle.ts';

/** One shopper's visit: navigation history, screens, the shopper's cart and lists, the idle watch. */
export function Visit({ info, sessionId, onEnd }: { info: AppInfo; sessionId: string; onEnd: (reason: 'idle' | 'finished') => void }) {
  const [stack, dispatch] = useReducer(navigate, [{ name: 'home' }]);
  const secondsLeft = useIdle(info.idle.timeoutMs, info.idle.warningMs, useCallback(() => onEnd('idle'), [onEnd]));
  const screen = stack.at(-1) ?? { name: 'home' };
  const depth = stack.length;

  return (
    <ShopperProvider sessionId={sessionId}>
      <div className="visit">
        {/* Back from the order would lose the pickup code; Home (a deliberate choice) still works. */}
        <Header store={info.store} canGoBack={depth > 1 && screen.name !== 'order'} navigate={dispatch} />
        {/* Focusable so a keyboard (staff, accessibility switch) can scroll a long screen such as the key terms. */}
        <main className={`screen screen--${screen.name}`} key={`${depth}-${screen.name}`} tabIndex={0}>
          {screen.name === 'home' && <CategoryHome navigate={dispatch} />}
          {screen.name === 'browse' && <Browse state={screen} navigate={dispatch} />}
          {screen.name === 'product' && <ProductDetailScreen key={screen.productId} productId={screen.productId} navigate={dispatch} />}
          {screen.name === 'compare' && <CompareScreen navigate={dispatch} />}
          {screen.name === 'cart' && <CartScreen navigate={dispatch} />}
          {screen.name === 'favourites' && <FavouritesScreen navigate={dispatch} />}
          {screen.name === 'apply' && <ApplyScreen purchase={screen.purchase} initialOffer={screen.offer} navigate={dispatch} />}
          {screen.name === 'decision' && <DecisionScreen application={screen.application} navigate={dispatch} />}
          {screen.name === 'terms' && <KeyTermsScreen application={screen.application} navigate={dispatch} />}
          {screen.name === 'fulfilment' && <FulfilmentScreen application={screen.application} coolingOffDays={screen.coolingOffDays} navigate={dispatch} />}
          {screen.name === 'order' && (
            <OrderScreen application={screen.application} order={screen.order} coolingOffDays={screen.coolingOffDays} onDone={() => onEnd('finished')} />
          )}
        </main>
        {/* The tray would cover the form and the signature pad, and has nothing to do with applying. */}
        {screen.name !== 'compare' && !CREDIT_SCREENS.has(screen.name) && <CompareTray navigate={dispatch} />}
        {secondsLeft !== null && <IdleWarning secondsLeft={secondsLeft} />}
      </div>
    </ShopperProvider>
  );
}
