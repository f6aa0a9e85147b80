import { useT } from '../i18n/index.ts';
import type { ProductCard } from '../../electron/contract/catalog.ts';
import { formatFen } from '../../electron/domain/money.ts';

/**
 * The one price a shopper pays (到手价: after today's promotions, what the cart charges and a plan
 * finances), with the list price struck through when it is higher.
 */
export function Price({ product, large = false }: { product: Pick<ProductCard, 'dealPriceFen' | 'listPriceFen'>; large?: boolean }) {
  const { t } = useT();
  const { dealPriceFen, listPriceFen } = product;
  return (
    <div className={large ? 'price price--large' : 'price'}>
      <span className="price__now">{formatFen(dealPriceFen)}</span>
      {listPriceFen > dealPriceFen && <s className="price__was">{t('product.listPrice', { price: formatFen(listPriceFen) })}</s>}
    </div>
  );
}

export function EnergyBadge({ grade }: { grade: number | null }) {
  const { t } = useT();
  if (grade === null) return null;
  return <span className={`energy energy--${grade}`}>{t('product.energy', { grade })}</span>;
}

export function StockLine({ stock }: { stock: number }) {
  const { t } = useT();
  return (
    <span className={stock > 0 ? 'stock stock--in' : 'stock stock--out'}>
      {stock > 0 ? t('product.inStock', { count: stock }) : t('product.outOfStock')}
    </span>
  );
}
