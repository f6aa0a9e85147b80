import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_CART_LINES } from '../../../electron/contract/limits.ts';
import { formatFen } from '../../../electron/domain/money.ts';
import { formatSpec } from '../../../electron/domain/specs.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { useShopper } from '../../app/shopper.tsx';
import { useApi } from '../../app/use-api.ts';
import type { Navigate } from '../../app/navigation.ts';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { ProductArt } from '../../components/ProductArt.tsx';
import { langOf } from '../../i18n/index.ts';

/** Side by side, rows that differ highlighted (and optionally the only ones shown). */
export function CompareScreen({ navigate }: { navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const { cart, compare, track, addToCart, toggleCompare } = useShopper();
  const ids = compare.map((p) => p.id);
  const [result, retry] = useApi(() => kiosk.compareProducts({ ids }), [ids.join()], { catalog: true });
  const [onlyDifferences, setOnlyDifferences] = useState(false);

  useEffect(() => {
    if (ids.length >= 2) track({ type: 'compared', productIds: ids });
    // Recorded once per opened comparison.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (ids.length < 2) return <p className="empty">{t('compare.needTwo')}</p>;
  if (result.state === 'loading') return <p className="loading">{t('list.loading')}</p>;
  if (result.state === 'error') return <ErrorPanel error={result.error} onRetry={retry} />;
  const { products, specs, differing } = result.data;
  const monthly = products.map((p) => (p.fromMonthlyFen == null ? '—' : t('finance.from', { amount: formatFen(p.fromMonthlyFen) })));
  // The core judges its own rows; of these two only a real difference counts: another monthly
  // figure, or one product in the store while another must be ordered (not 27 against 15).
  const differs = new Set([
    ...differing,
    ...(new Set(monthly).size > 1 ? ['fromMonthly'] : []),
    ...(new Set(products.map((p) => p.stock > 0)).size > 1 ? ['stock'] : []),
  ]);

  const rows: { key: string; label: string; values: string[] }[] = [
    { key: 'price', label: t('product.price'), values: products.map((p) => formatFen(p.dealPriceFen)) },
    { key: 'fromMonthly', label: t('compare.monthly'), values: monthly },
    { key: 'brand', label: t('compare.brand'), values: products.map((p) => p.brand[lang]) },
    {
      key: 'energyGrade',
      label: t('compare.energy'),
      values: products.map((p) => (p.energyGrade === null ? '—' : t('product.energy', { grade: p.energyGrade }))),
    },
    {
      key: 'stock',
      label: t('compare.stock'),
      values: products.map((p) => (p.stock > 0 ? t('product.inStock', { count: p.stock }) : t('product.outOfStock'))),
    },
    ...specs.map((def) => ({ key: def.key, label: def.label[lang], values: products.map((p) => formatSpec(def, p.specs[def.key], lang)) })),
  ];

  return (
    <section className="compare" aria-labelledby="compare-title">
      <div className="list-head">
        <h1 id="compare-title" className="screen-title">
          {t('compare.title')}
        </h1>
        <button type="button" className="chip" role="switch" aria-checked={onlyDifferences} onClick={() => setOnlyDifferences((v) => !v)}>
          {t('compare.onlyDifferences')}
        </button>
      </div>
      <div className="compare__scroll">
        <table className="compare-table">
          <thead>
            <tr>
              <td />
              {products.map((p) => (
                <th key={p.id} scope="col">
                  <button type="button" className="compare__product" onClick={() => navigate({ type: 'push', screen: { name: 'product', productId: p.id } })}>
                    <ProductArt name={p.art} className="compare__art" />
                    <span>{p.name[lang]}</span>
                  </button>
                  <div className="compare__actions">
                    <button
                      type="button"
                      className="secondary-button"
                      disabled={cart.length >= MAX_CART_LINES && !cart.some((line) => line.product.id === p.id)}
                      onClick={() => addToCart(p)}
                    >
                      {t('shopper.addToCart')}
                    </button>
                    <button type="button" className="icon-button" aria-label={t('compare.remove', { name: p.name[lang] })} onClick={() => toggleCompare(p)}>
                      ✕
                    </button>
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows
              .filter((row) => !onlyDifferences || differs.has(row.key))
              .map((row) => (
                <tr key={row.key} className={differs.has(row.key) ? 'differs' : undefined}>
                  <th scope="row">
                    {row.label}
                    {differs.has(row.key) && <span className="differs__badge">{t('compare.differs')}</span>}
                  </th>
                  {row.values.map((value, i) => (
                    <td key={i}>{value}</td>
                  ))}
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
