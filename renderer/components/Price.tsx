import { useTranslation } from 'react-i18next';
import { formatFen } from '../../electron/domain/money.ts';

export function Price({ priceFen, listPriceFen, large = false }: { priceFen: number; listPriceFen: number; large?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={large ? 'price price--large' : 'price'}>
      <span className="price__now">{formatFen(priceFen)}</span>
      {listPriceFen > priceFen && <s className="price__was">{t('product.listPrice', { price: formatFen(listPriceFen) })}</s>}
    </div>
  );
}

export function EnergyBadge({ grade }: { grade: number | null }) {
  const { t } = useTranslation();
  if (grade === null) return null;
  return <span className={`energy energy--${grade}`}>{t('product.energy', { grade })}</span>;
}

export function StockLine({ stock }: { stock: number }) {
  const { t } = useTranslation();
  return (
    <span className={stock > 0 ? 'stock stock--in' : 'stock stock--out'}>
      {stock > 0 ? t('product.inStock', { count: stock }) : t('product.outOfStock')}
    </span>
  );
}
