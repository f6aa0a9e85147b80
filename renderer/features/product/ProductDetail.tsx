import { useTranslation } from 'react-i18next';
import { discountPercent, formatFen } from '../../../electron/domain/money.ts';
import { formatSpec } from '../../../electron/domain/specs.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { useApi } from '../../app/use-api.ts';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { EnergyBadge, Price } from '../../components/Price.tsx';
import { ProductArt } from '../../components/ProductArt.tsx';
import { langOf } from '../../i18n/index.ts';

export function ProductDetailScreen({ productId }: { productId: string }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const [loaded, retry] = useApi(() => kiosk.getProduct({ id: productId }), [productId]);

  if (loaded.state === 'loading') return <p className="loading">{t('list.loading')}</p>;
  if (loaded.state === 'error') return <ErrorPanel error={loaded.error} onRetry={retry} />;
  const p = loaded.data.product;
  const saving = p.listPriceFen - p.priceFen;

  return (
    <article className="detail" aria-labelledby="detail-title">
      <div className="detail__gallery">
        <ProductArt name={p.art} className="detail__art" />
      </div>
      <div className="detail__summary">
        <span className="detail__brand">{p.brand[lang]}</span>
        <h1 id="detail-title" className="detail__name">
          {p.name[lang]}
        </h1>
        <p className="detail__model">{t('product.model', { model: p.model })}</p>
        <div className="detail__price-box">
          <span className="detail__price-label">{t('product.price')}</span>
          <Price priceFen={p.priceFen} listPriceFen={p.listPriceFen} large />
          {saving > 0 && (
            <span className="saving">
              {t('product.save', { price: formatFen(saving) })} · -{discountPercent(p.priceFen, p.listPriceFen)}%
            </span>
          )}
        </div>
        <div className="detail__badges">
          {p.energyGrade === null ? <span className="energy">{t('product.energyNone')}</span> : <EnergyBadge grade={p.energyGrade} />}
          <span className={p.stock > 0 ? 'stock stock--in' : 'stock stock--out'}>
            {p.stock > 0 ? t('product.inStock', { count: p.stock }) : t('product.outOfStock')}
          </span>
        </div>
        {p.highlights.length > 0 && (
          <section aria-labelledby="highlights-title">
            <h2 id="highlights-title" className="section-title">
              {t('product.highlights')}
            </h2>
            <ul className="highlights">
              {p.highlights.map((h, i) => (
                <li key={i}>{h[lang]}</li>
              ))}
            </ul>
          </section>
        )}
      </div>
      <section className="detail__specs" aria-labelledby="specs-title">
        <h2 id="specs-title" className="section-title">
          {t('product.specs')}
        </h2>
        <table className="spec-table">
          <tbody>
            {p.category.specs.map((def) => (
              <tr key={def.key}>
                <th scope="row">{def.label[lang]}</th>
                <td>{formatSpec(def, p.specs[def.key], lang)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('product.released')}</th>
              <td>{p.releasedOn}</td>
            </tr>
            <tr>
              <th scope="row">{t('product.sku')}</th>
              <td>{p.sku}</td>
            </tr>
          </tbody>
        </table>
      </section>
    </article>
  );
}
