import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../electron/domain/money.ts';
import { kiosk } from '../../app/kiosk-client.ts';
import { MAX_QUANTITY } from '../../../electron/contract/limits.ts';
import { useShopper } from '../../app/shopper.tsx';
import { useApi } from '../../app/use-api.ts';
import type { Navigate } from '../../app/navigation.ts';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { ProductArt } from '../../components/ProductArt.tsx';
import { langOf } from '../../i18n/index.ts';
import { OffersPanel } from '../finance/OffersPanel.tsx';

/** The shopper's cart, priced by the core with the store's promotions applied. */
export function CartScreen({ navigate }: { navigate: Navigate }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const { cart, setQuantity, removeFromCart } = useShopper();
  const items = cart.map((line) => ({ productId: line.product.id, quantity: line.quantity }));
  const [offersOpen, setOffersOpen] = useState(false);
  const [quote, retry] = useApi(() => kiosk.quoteCart({ items }), [JSON.stringify(items)], { catalog: true });

  if (cart.length === 0) {
    return (
      <section className="cart" aria-labelledby="cart-title">
        <h1 id="cart-title" className="screen-title">
          {t('cart.title')}
        </h1>
        <p className="empty">{t('cart.empty')}</p>
        <button type="button" className="primary-button" onClick={() => navigate({ type: 'home' })}>
          {t('cart.browse')}
        </button>
      </section>
    );
  }

  return (
    <section className="cart" aria-labelledby="cart-title">
      <h1 id="cart-title" className="screen-title">
        {t('cart.title')}
      </h1>
      <ul className="cart__lines">
        {cart.map(({ product, quantity }) => {
          const line = quote.state === 'ready' ? quote.data.lines.find((l) => l.product.id === product.id) : undefined;
          const name = product.name[lang];
          return (
            <li key={product.id} className="cart-line" aria-label={name}>
              <ProductArt name={product.art} className="cart-line__art" />
              <div className="cart-line__info">
                <span className="cart-line__name">{name}</span>
                <span className="cart-line__unit">{t('cart.unitPrice', { price: formatFen(product.priceFen) })}</span>
              </div>
              <div className="stepper" role="group" aria-label={t('cart.quantityOf', { name })}>
                <button type="button" className="icon-button" aria-label={t('cart.decrease')} disabled={quantity <= 1} onClick={() => setQuantity(product.id, quantity - 1)}>
                  −
                </button>
                <output className="stepper__value" aria-label={t('cart.quantity')}>
                  {quantity}
                </output>
                <button type="button" className="icon-button" aria-label={t('cart.increase')} disabled={quantity >= MAX_QUANTITY} onClick={() => setQuantity(product.id, quantity + 1)}>
                  +
                </button>
              </div>
              <span className="cart-line__total">{line ? formatFen(line.lineTotalFen) : '…'}</span>
              <button type="button" className="link-button" onClick={() => removeFromCart(product.id)}>
                {t('cart.remove')}
              </button>
            </li>
          );
        })}
      </ul>
      {quote.state === 'error' && <ErrorPanel error={quote.error} onRetry={retry} />}
      {quote.state === 'ready' && (
        <dl className="cart__totals" aria-label={t('cart.totals')}>
          <div>
            <dt>{t('cart.subtotal')}</dt>
            <dd>{formatFen(quote.data.subtotalFen)}</dd>
          </div>
          {quote.data.discounts.map((d) => (
            <div key={d.promotion.id} className="cart__discount">
              <dt>{d.promotion.title[lang]}</dt>
              <dd>-{formatFen(d.amountFen)}</dd>
            </div>
          ))}
          <div className="cart__total">
            <dt>{t('cart.total')}</dt>
            <dd>{formatFen(quote.data.totalFen)}</dd>
          </div>
        </dl>
      )}
      {quote.state === 'ready' && (
        <div className="cart__actions">
          <button type="button" className="secondary-button" onClick={() => navigate({ type: 'push', screen: { name: 'fulfilment', checkout: { payment: 'till', purchase: { items } } } })}>
            {t('cart.payAtTill')}
          </button>
          <button type="button" className="primary-button" onClick={() => setOffersOpen(true)}>
            {t('finance.open')}
          </button>
        </div>
      )}
      {offersOpen && (
        <OffersPanel
          request={{ items }}
          onClose={() => setOffersOpen(false)}
          onApply={(offer) => {
            setOffersOpen(false);
            // The lines as they are now: the application finances this cart, whatever happens to it later.
            navigate({ type: 'push', screen: { name: 'apply', purchase: { items }, offer } });
          }}
        />
      )}
    </section>
  );
}
