import { useTranslation } from 'react-i18next';
import type { ProductCard } from '../../../electron/contract/catalog.ts';
import type { SpecDef } from '../../../electron/contract/catalog.ts';
import { formatSpec } from '../../../electron/domain/specs.ts';
import { EnergyBadge, Price, StockLine } from '../../components/Price.tsx';
import { ProductArt } from '../../components/ProductArt.tsx';
import { ShopperToggles } from '../../components/ShopperToggles.tsx';
import { MonthlyFrom } from '../finance/OffersPanel.tsx';
import { langOf } from '../../i18n/index.ts';

/** A product on a grid: open it, or mark it for favourites or comparison without leaving the list. */
export function ProductTile({ product, specs, onOpen }: { product: ProductCard; specs: SpecDef[]; onOpen: () => void }) {
  const { i18n } = useTranslation();
  const lang = langOf(i18n.language);
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
        <Price product={product} />
        <MonthlyFrom fen={product.fromMonthlyFen} />
        <StockLine stock={product.stock} />
      </button>
      <div className="product-tile__actions">
        <ShopperToggles product={product} className="tile-action" />
      </div>
    </article>
  );
}
