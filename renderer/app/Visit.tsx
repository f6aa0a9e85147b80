import { useCallback, useReducer } from 'react';
import type { ProductSort } from '../../electron/contract/api.ts';
import { Header } from '../components/Header.tsx';
import { IdleWarning } from '../components/IdleWarning.tsx';
import { ProductList } from '../features/catalog/ProductList.tsx';
import { CategoryHome } from '../features/home/CategoryHome.tsx';
import { ProductDetailScreen } from '../features/product/ProductDetail.tsx';
import type { AppInfo } from './App.tsx';
import { useIdle } from './use-idle.ts';

export type Screen =
  | { name: 'home' }
  | { name: 'category'; categoryId: string; sort: ProductSort }
  | { name: 'product'; productId: string };

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

/** One shopper's visit: navigation history, screens and the idle watch. */
export function Visit({ info, onEnd }: { info: AppInfo; onEnd: (reason: 'idle' | 'finished') => void }) {
  const [stack, dispatch] = useReducer(navigate, [{ name: 'home' }]);
  const secondsLeft = useIdle(info.idle.timeoutMs, info.idle.warningMs, useCallback(() => onEnd('idle'), [onEnd]));
  const screen = stack.at(-1) ?? { name: 'home' };

  return (
    <div className="visit">
      <Header store={info.store} canGoBack={stack.length > 1} navigate={dispatch} />
      <main className="screen" key={stack.length}>
        {screen.name === 'home' && <CategoryHome navigate={dispatch} />}
        {screen.name === 'category' && (
          <ProductList categoryId={screen.categoryId} sort={screen.sort} navigate={dispatch} />
        )}
        {screen.name === 'product' && <ProductDetailScreen productId={screen.productId} />}
      </main>
      {secondsLeft !== null && <IdleWarning secondsLeft={secondsLeft} />}
    </div>
  );
}
