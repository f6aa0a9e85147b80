import { useCallback, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { Header } from '../components/Header.tsx';
import { IdleWarning } from '../components/IdleWarning.tsx';
import { CartScreen } from '../features/cart/Cart.tsx';
import { Browse } from '../features/catalog/Browse.tsx';
import { CompareScreen } from '../features/compare/Compare.tsx';
import { CompareTray } from '../features/compare/CompareTray.tsx';
import { ApplyScreen } from '../features/credit/Apply.tsx';
import { DecisionScreen } from '../features/credit/Decision.tsx';
import { FulfilmentScreen } from '../features/orders/Fulfilment.tsx';
import { KeyTermsScreen } from '../features/credit/KeyTerms.tsx';
import { OrderScreen } from '../features/orders/Order.tsx';
import { FavouritesScreen } from '../features/favourites/Favourites.tsx';
import { CategoryHome } from '../features/home/CategoryHome.tsx';
import { useFaceFrames } from '../features/face/camera.ts';
import { MemberGreeting, useRecognition } from '../features/face/Greeting.tsx';
import { MembersScreen } from '../features/face/Members.tsx';
import { ProductDetailScreen } from '../features/product/ProductDetail.tsx';
import type { AppInfo } from './kiosk-client.ts';
import { awaitsOrder, CHECKOUT_SCREENS, navigate, type Navigate } from './navigation.ts';
import { ShopperProvider } from './shopper.tsx';
import { useIdle } from './use-idle.ts';

/** Nobody in front of the camera and nobody touching for this long: ask "still there?" now. */
const ABSENT_MS = 20_000;
const PRESENCE_MS = 1_000;

/** One shopper's visit: navigation history, screens, the shopper's cart and lists, the idle watch. */
export function Visit({ info, sessionId, onEnd }: { info: AppInfo; sessionId: string; onEnd: (reason: 'idle' | 'finished') => void }) {
  return (
    <ShopperProvider sessionId={sessionId}>
      <VisitScreens info={info} onEnd={onEnd} />
    </ShopperProvider>
  );
}

function VisitScreens({ info, onEnd }: { info: AppInfo; onEnd: (reason: 'idle' | 'finished') => void }) {
  const { t } = useTranslation();
  const [stack, dispatch] = useReducer(navigate, [{ name: 'home' }]);
  const [leaving, setLeaving] = useState(false);
  const { secondsLeft, hurry } = useIdle(info.idle.timeoutMs, info.idle.warningMs, useCallback(() => onEnd('idle'), [onEnd]));
  const lastFace = useRef(Date.now());
  useFaceFrames('detect', PRESENCE_MS, (frame, at) => {
    if (frame.faces.length > 0) lastFace.current = at;
    else if (at - lastFace.current >= ABSENT_MS) hurry(ABSENT_MS);
  });
  const screen = stack.at(-1) ?? { name: 'home' };
  const depth = stack.length;
  // A signed agreement still waiting for its order (on screen, or under a cart or product opened
  // from there): going home would leave it behind, so Home asks first; leaving ends the visit, and
  // the core cancels what an ended visit signed and never ordered.
  const signedUnordered = stack.some(awaitsOrder);
  const go: Navigate = useCallback((action) => (action.type === 'home' && signedUnordered ? setLeaving(true) : dispatch(action)), [signedUnordered]);
  const finish = useCallback(() => onEnd('finished'), [onEnd]);
  // The member screens use the camera for themselves; recognising there would greet mid-enrolment.
  useRecognition(screen.name !== 'member');

  return (
    <div className="visit">
      {/* Back from the order would lose the pickup code, and from fulfilment after signing would
          leave the agreement unordered; Home (a deliberate choice) still works. */}
      <Header store={info.store} back={screen.name === 'order' || awaitsOrder(screen) ? 'hidden' : depth > 1 ? 'enabled' : 'disabled'} navigate={go} />
      <MemberGreeting />
      {/* Focusable so a keyboard (staff, accessibility switch) can scroll a long screen such as the key terms. */}
      <main className={`screen screen--${screen.name}`} key={`${depth}-${screen.name}`} tabIndex={0}>
        {screen.name === 'home' && <CategoryHome navigate={go} />}
        {screen.name === 'browse' && <Browse state={screen} navigate={go} />}
        {screen.name === 'product' && <ProductDetailScreen key={screen.productId} productId={screen.productId} navigate={go} />}
        {screen.name === 'compare' && <CompareScreen navigate={go} />}
        {screen.name === 'cart' && <CartScreen navigate={go} />}
        {screen.name === 'favourites' && <FavouritesScreen navigate={go} />}
        {screen.name === 'member' && <MembersScreen task={screen.task} navigate={go} />}
        {screen.name === 'apply' && <ApplyScreen purchase={screen.purchase} initialOffer={screen.offer} navigate={go} />}
        {screen.name === 'decision' && <DecisionScreen application={screen.application} purchase={screen.purchase} navigate={go} />}
        {screen.name === 'terms' && <KeyTermsScreen application={screen.application} purchase={screen.purchase} navigate={go} />}
        {screen.name === 'fulfilment' && <FulfilmentScreen checkout={screen.checkout} navigate={go} />}
        {screen.name === 'order' && <OrderScreen checkout={screen.checkout} order={screen.order} onDone={finish} />}
      </main>
      {/* The tray would cover the form and the signature pad, and has nothing to do with checking out. */}
      {screen.name !== 'compare' && !CHECKOUT_SCREENS.has(screen.name) && <CompareTray navigate={go} />}
      {leaving && (
        <ConfirmDialog
          title={t('credit.fulfilment.leave.title')}
          body={t('credit.fulfilment.leave.body')}
          confirm={t('credit.fulfilment.leave.leave')}
          cancel={t('credit.fulfilment.leave.stay')}
          onConfirm={finish}
          onCancel={() => setLeaving(false)}
        />
      )}
      {secondsLeft !== null && <IdleWarning secondsLeft={secondsLeft} />}
    </div>
  );
}
