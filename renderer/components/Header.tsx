import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../electron/contract/catalog.ts';
import { useShopper } from '../app/shopper.tsx';
import { StaffEntry } from '../features/staff/StaffEntry.tsx';
import type { Navigate } from '../app/navigation.ts';
import { langOf } from '../i18n/index.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { SyncChip } from './SyncChip.tsx';

/** `back`: offered, greyed out (nowhere to go back to), or hidden (going back would undo a purchase step). */
export function Header({ store, back, navigate }: { store: { name: LocalizedText }; back: 'enabled' | 'disabled' | 'hidden'; navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const { cart, favourites } = useShopper();
  const items = cart.reduce((n, line) => n + line.quantity, 0);
  return (
    <header className="header">
      <nav className="header__nav" aria-label={t('nav.main')}>
        <button type="button" className={back === 'hidden' ? 'nav-button nav-button--hidden' : 'nav-button'} onClick={() => navigate({ type: 'back' })} disabled={back !== 'enabled'}>
          <span aria-hidden="true">‹</span> {t('nav.back')}
        </button>
        <button type="button" className="nav-button" onClick={() => navigate({ type: 'home' })}>
          <span aria-hidden="true">⌂</span> {t('nav.home')}
        </button>
      </nav>
      <div className="header__store">
        <StaffEntry className="store-name">{store.name[langOf(i18n.language)]}</StaffEntry>
        <SyncChip />
      </div>
      <div className="header__shopper">
        <button type="button" className="nav-button" onClick={() => navigate({ type: 'push', screen: { name: 'favourites' } })}>
          <span aria-hidden="true">♡</span> {t('shopper.favourites', { count: favourites.length })}
        </button>
        <button type="button" className="nav-button nav-button--cart" onClick={() => navigate({ type: 'push', screen: { name: 'cart' } })}>
          <svg className="cart-icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
            <path d="M3 4h2l2.4 11.2a1 1 0 0 0 1 .8h8.9a1 1 0 0 0 1-.8L20 8H6.2" />
            <circle cx="9.5" cy="19.5" r="1.3" />
            <circle cx="17" cy="19.5" r="1.3" />
          </svg>
          {t('shopper.cart', { count: items })}
        </button>
      </div>
      <LanguageSwitch />
    </header>
  );
}
