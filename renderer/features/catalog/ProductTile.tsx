import { memo } from 'react';
import type { ProductCard, SpecDef } from '../../../electron/contract/catalog.ts';
import { formatSpec } from '../../../electron/domain/specs.ts';
import { EnergyBadge, Price, StockLine } from '../../components/Price.tsx';
import { ProductArt } from '../../components/ProductArt.tsx';
import { ShopperToggles } from '../../components/ShopperToggles.tsx';
import { MonthlyFrom } from '../finance/OffersPanel.tsx';
import { useT } from '../../i18n/index.ts';

/**
 * A product on a grid: open it, or mark it for favourites or comparison without leaving the list.
 * Memoised: the grid re-renders its rows when they are measured and scrolled, the tiles need not.
 */
export const ProductTile = memo(function ProductTile({
  product,
  specs,
  onOpen,
  timing,
}: {
  product: ProductCard;
  specs: SpecDef[];
  onOpen: (productId: string) => void;
  timing?: string;
}) {
  const { lang } = useT();
  return (
    <article className="product-tile" aria-label={product.name[lang]}>
      <button type="button" className="product-tile__open" onClick={() => onOpen(product.id)}>
        <ProductArt name={product.art} className="product-tile__art" />
        <span className="product-tile__brand">{product.brand[lang]}</span>
        <span className="product-tile__name" elementtiming={timing}>
          {product.name[lang]}
        </span>
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
        <Price product={product} />
        <MonthlyFrom fen={product.fromMonthlyFen} />
        <StockLine stock={product.stock} />
      </button>
      <div className="product-tile__actions">
        <ShopperToggles product={product} className="tile-action" />
      </div>
    </article>
  );
});
