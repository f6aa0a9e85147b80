import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductCard, ProductDetail, PromotionSummary } from '../../../electron/contract/catalog.ts';
import { MAX_CART_LINES } from '../../../electron/contract/limits.ts';
import { deliveryEstimate } from '../../../electron/domain/delivery.ts';
import { discountPercent, formatFen } from '../../../electron/domain/money.ts';
import { formatSpec } from '../../../electron/domain/specs.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { useShopper } from '../../app/shopper.tsx';
import { useApi } from '../../app/use-api.ts';
import type { Navigate } from '../../app/navigation.ts';
import { EnergyLabel } from '../../components/EnergyLabel.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { EnergyBadge, Price, StockLine } from '../../components/Price.tsx';
import { ProductArt } from '../../components/ProductArt.tsx';
import { ShopperToggles } from '../../components/ShopperToggles.tsx';
import { langOf } from '../../i18n/index.ts';
import { MonthlyFrom, OffersPanel } from '../finance/OffersPanel.tsx';

type View = 'product' | 'dimensions' | 'label';

export function ProductDetailScreen({ productId, navigate }: { productId: string; navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const shopper = useShopper();
  const [loaded, retry] = useApi(() => kiosk.getProduct({ id: productId }), [productId], { catalog: true });
  const [view, setView] = useState<View>('product');
  const [notice, setNotice] = useState<string | null>(null);
  const [offersOpen, setOffersOpen] = useState(false);

  const { track } = shopper;
  useEffect(() => {
    if (loaded.state === 'ready') track({ type: 'product_viewed', productId });
  }, [loaded.state, productId, track]);

  if (loaded.state === 'loading') return <p className="loading">{t('list.loading')}</p>;
  if (loaded.state === 'error') return <ErrorPanel error={loaded.error} onRetry={retry} />;
  const p = loaded.data.product;
  const saving = p.listPriceFen - p.dealPriceFen;
  const delivery = deliveryEstimate(p.stock);
  const dims = ['width', 'height', 'depth'].every((k) => typeof p.specs[k] === 'number');
  const views: View[] = ['product', ...(dims ? (['dimensions'] as const) : []), ...(p.energyGrade !== null ? (['label'] as const) : [])];
  const open = (id: string) => navigate({ type: 'push', screen: { name: 'product', productId: id } });

  return (
    <article className="detail" aria-labelledby="detail-title">
      <div className="detail__gallery">
        <div className="detail__stage">
          {view === 'product' && <ProductArt name={p.art} className="detail__art" />}
          {view === 'dimensions' && <Dimensions product={p} />}
          {view === 'label' && p.energyGrade !== null && <EnergyLabel grade={p.energyGrade} />}
        </div>
        {views.length > 1 && (
          <div className="detail__thumbs" role="tablist" aria-label={t('product.gallery')}>
            {views.map((v) => (
              <button key={v} type="button" role="tab" aria-selected={v === view} className="chip" onClick={() => setView(v)}>
                {t(`product.views.${v}`)}
              </button>
            ))}
          </div>
        )}
      </div>
      <div className="detail__summary">
        <span className="detail__brand">{p.brand[lang]}</span>
        <h1 id="detail-title" className="detail__name">
          {p.name[lang]}
        </h1>
        <p className="detail__model">{t('product.model', { model: p.model })}</p>
        <div className="detail__price-box">
          <span className="detail__price-label">{t('product.price')}</span>
          <Price product={p} large />
          <MonthlyFrom fen={p.fromMonthlyFen} />
          {saving > 0 && (
            <span className="saving">
              {t('product.save', { price: formatFen(saving) })} · -{discountPercent(p.dealPriceFen, p.listPriceFen)}%
            </span>
          )}
        </div>
        <div className="detail__badges">
          {p.energyGrade === null ? <span className="energy">{t('product.energyNone')}</span> : <EnergyBadge grade={p.energyGrade} />}
          <StockLine stock={p.stock} />
        </div>
        <p className="delivery">
          {delivery.kind === 'in_store'
            ? t('product.deliveryInStore', { days: delivery.deliveryFromDays })
            : t('product.deliveryWarehouse', { min: delivery.minDays, max: delivery.maxDays })}
        </p>
        <div className="detail__actions">
          <button
            type="button"
            className="primary-button"
            onClick={() => setNotice(shopper.addToCart(p) ? t('shopper.added') : t('shopper.cartFull', { max: MAX_CART_LINES }))}
          >
            {t('shopper.addToCart')}
          </button>
          <button type="button" className="secondary-button" onClick={() => setOffersOpen(true)}>
            {t('finance.open')}
          </button>
          <ShopperToggles product={p} className="secondary-button" />
        </div>
        {notice && (
          <p className="notice" role="status">
            {notice}{' '}
            <button type="button" className="link-button" onClick={() => navigate({ type: 'push', screen: { name: 'cart' } })}>
              {t('shopper.viewCart')}
            </button>
          </p>
        )}
        {p.promotions.length > 0 && (
          <section aria-labelledby="promotions-title">
            <h2 id="promotions-title" className="section-title">
              {t('product.promotions')}
            </h2>
            <ul className="promotions">
              {p.promotions.map((promo) => (
                <PromotionItem key={promo.id} promotion={promo} />
              ))}
            </ul>
          </section>
        )}
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
      {p.bundles.map((bundle) => (
        <section key={bundle.promotion.id} className="detail__wide" aria-label={bundle.promotion.title[lang]}>
          <h2 className="section-title">{t('product.bundle', { title: bundle.promotion.title[lang] })}</h2>
          <p className="bundle__description">{bundle.promotion.description[lang]}</p>
          <MiniCards products={bundle.products} onOpen={open} />
        </section>
      ))}
      {offersOpen && (
        <OffersPanel
          request={{ productId: p.id }}
          onClose={() => setOffersOpen(false)}
          onApply={(offer) => {
            setOffersOpen(false);
            navigate({ type: 'push', screen: { name: 'apply', purchase: { productId: p.id }, offer } });
          }}
        />
      )}
      {p.related.length > 0 && (
        <section className="detail__wide" aria-labelledby="related-title">
          <h2 id="related-title" className="section-title">
            {t('product.related')}
          </h2>
          <MiniCards products={p.related} onOpen={open} />
        </section>
      )}
    </article>
  );
}

function PromotionItem({ promotion }: { promotion: PromotionSummary }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  return (
    <li className="promotion">
      <strong>{promotion.title[lang]}</strong>
      <span>{promotion.description[lang]}</span>
      <span className="promotion__until">{t('product.until', { date: promotion.endsOn })}</span>
    </li>
  );
}

export function MiniCards({ products, onOpen }: { products: ProductCard[]; onOpen: (id: string) => void }) {
  const { i18n } = useTranslation();
  const lang = langOf(i18n.language);
  return (
    <ul className="mini-cards">
      {products.map((c) => (
        <li key={c.id}>
          <button type="button" className="mini-card" onClick={() => onOpen(c.id)}>
            <ProductArt name={c.art} className="mini-card__art" />
            <span className="mini-card__name">{c.name[lang]}</span>
            <span className="price__now">{formatFen(c.dealPriceFen)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** A to-scale outline with the product's width, height and depth (mm): will it fit the kitchen? */
function Dimensions({ product }: { product: ProductDetail }) {
  const { t } = useTranslation();
  const w = Number(product.specs.width);
  const h = Number(product.specs.height);
  const d = Number(product.specs.depth);
  const scale = 300 / Math.max(w, h);
  const bw = w * scale;
  const bh = h * scale;
  const x = (400 - bw) / 2;
  const y = (400 - bh) / 2;
  return (
    <svg className="dimensions" viewBox="0 0 400 400" role="img" aria-label={t('product.dimensionsLabel', { w, h, d })}>
      <rect x={x} y={y} width={bw} height={bh} rx="10" fill="#f4f7f8" stroke="#0c6b73" strokeWidth="3" />
      <line x1={x} y1={y + bh + 22} x2={x + bw} y2={y + bh + 22} stroke="#4b5d66" strokeWidth="2" />
      <text x="200" y={y + bh + 44} textAnchor="middle" fontSize="18" fill="#14232b">
        {w} mm
      </text>
      <line x1={x + bw + 22} y1={y} x2={x + bw + 22} y2={y + bh} stroke="#4b5d66" strokeWidth="2" />
      <text x={x + bw + 30} y={y + bh / 2} fontSize="18" fill="#14232b">
        {h} mm
      </text>
      <text x="200" y={y - 14} textAnchor="middle" fontSize="16" fill="#4b5d66">
        {t('product.depth', { d })}
      </text>
    </svg>
  );
}
