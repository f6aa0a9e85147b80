import { useTranslation } from 'react-i18next';
import { MAX_COMPARE } from '../../../electron/contract/limits.ts';
import { useShopper } from '../../app/shopper.tsx';
import type { Navigate } from '../../app/navigation.ts';
import { ProductArt } from '../../components/ProductArt.tsx';
import { langOf } from '../../i18n/index.ts';

/** Follows the shopper while they pick up to four products to compare. */
export function CompareTray({ navigate }: { navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const { compare, toggleCompare, clearCompare } = useShopper();
  if (compare.length === 0) return null;
  return (
    <aside className="compare-tray" aria-label={t('compare.tray')}>
      <ul className="compare-tray__items">
        {compare.map((p) => (
          <li key={p.id} className="compare-tray__item">
            <ProductArt name={p.art} className="compare-tray__art" />
            <span className="compare-tray__name">{p.name[lang]}</span>
            <button type="button" className="icon-button" aria-label={t('compare.remove', { name: p.name[lang] })} onClick={() => toggleCompare(p)}>
              ✕
            </button>
          </li>
        ))}
      </ul>
      <span className="compare-tray__hint">{t('compare.hint', { count: compare.length, max: MAX_COMPARE })}</span>
      <button type="button" className="secondary-button" onClick={clearCompare}>
        {t('compare.clear')}
      </button>
      <button
        type="button"
        className="primary-button"
        disabled={compare.length < 2}
        onClick={() => navigate({ type: 'push', screen: { name: 'compare' } })}
      >
        {t('compare.open', { count: compare.length })}
      </button>
    </aside>
  );
}
