import { useT } from '../i18n/index.ts';
import type { ProductCard } from '../../electron/contract/catalog.ts';
import { MAX_COMPARE } from '../../electron/contract/limits.ts';
import { useShopper } from '../app/shopper.tsx';

/** Favourite and compare toggles, the same on a grid card and on the product page. */
export function ShopperToggles({ product, className }: { product: ProductCard; className: string }) {
  const { t } = useT();
  const { favourites, compare, toggleFavourite, toggleCompare } = useShopper();
  const favourite = favourites.some((p) => p.id === product.id);
  const comparing = compare.some((p) => p.id === product.id);
  return (
    <>
      <button type="button" className={className} aria-pressed={favourite} onClick={() => toggleFavourite(product)}>
        <span aria-hidden="true">{favourite ? '♥' : '♡'}</span> {t('shopper.favourite')}
      </button>
      <button
        type="button"
        className={className}
        aria-pressed={comparing}
        disabled={!comparing && compare.length >= MAX_COMPARE}
        onClick={() => toggleCompare(product)}
      >
        <span aria-hidden="true">⇄</span> {t('shopper.compare')}
      </button>
    </>
  );
}
