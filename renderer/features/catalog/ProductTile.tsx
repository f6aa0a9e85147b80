import { useTranslation } from 'react-i18next';
import type { ProductCard } from '../../../electron/contract/api.ts';
import type { SpecDef } from '../../../electron/contract/catalog.ts';
import { formatSpec } from '../../../electron/domain/specs.ts';
import { useShopper } from '../../app/shopper.tsx';
import { EnergyBadge, Price, StockLine } from '../../components/Price.tsx';
import { ProductArt } from '../../components/ProductArt.tsx';
import { langOf } from '../../i18n/index.ts';

/** A product on a grid: open it, or mark it for favourites or comparison without leaving the list. */
export function ProductTile({ product, specs, onOpen }: { product: ProductCard; specs: SpecDef[]; onOpen: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const { favourites, compare, toggleFavourite, toggleCompare } = useShopper();
  const favourite = favourites.some((p) => p.id === product.id);
  const comparing = compare.some((p) => p.id === product.id);
  return (
    <article className="product-tile" aria-label={product.name[lang]}>
      <button type="button" className="product-tile__open" onClick={onOpen}>
        <ProductArt name={product.art} className="product-tile__art" />
        <span className="product-tile__brand">{product.brand[lang]}</span>
        <span className="product-tile__name">{product.name[lang]}</span>
        <span className="product-tile__specs">
          {specs.map((def) =>
            product.keySpecs[def.key] === undefined ? null : (
              <span key={def.key} className="spec-chip">
                {formatSpec(def, product.keySpecs[def.key], lang)}
              </span>
            ),
          )}
          <EnergyBadge grade={product.energyGrade} />
        </span>
        <Price priceFen={product.priceFen} listPriceFen={product.listPriceFen} />
        <StockLine stock={product.stock} />
      </button>
      <div className="product-tile__actions">
        <button type="button" className="tile-action" aria-pressed={favourite} onClick={() => toggleFavourite(product)}>
          <span aria-hidden="true">{favourite ? '♥' : '♡'}</span> {t('shopper.favourite')}
        </button>
        <button
          type="button"
          className="tile-action"
          aria-pressed={comparing}
          disabled={!comparing && compare.length >= 4}
          onClick={() => toggleCompare(product)}
        >
          <span aria-hidden="true">⇄</span> {t('shopper.compare')}
        </button>
      </div>
    </article>
  );
}
