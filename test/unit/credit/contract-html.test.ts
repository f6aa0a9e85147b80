import { describe, expect, it } from 'vitest';
import type { Offer } from '../../../electron/contract/finance.ts';
import { renderContract, type ContractData } from '../../../electron/core/credit/contract-html.ts';
import { addMonths } from '../../../electron/domain/calendar.ts';

const offer: Offer = {
  productId: 'p',
  lenderId: 'l',
  lender: { zh: '示范<银行>', en: 'Demo "Bank" & Co' },
  kind: 'equal_installment',
  name: { zh: '分期', en: 'Plan' },
  termMonths: 3,
  monthlyPaymentFen: 33_533,
  firstPaymentFen: 33_533,
  lastPaymentFen: 33_534,
  totalCostFen: 600,
  totalPaidFen: 100_600,
  apr: { simpleAnnual: 0.0359, compoundAnnual: 0.0365 },
  subsidyFen: 0,
  offlineApprovable: false,
};
const data: ContractData = {
  applicationId: 'app-1',
  appliedOn: '2026-01-31',
  storeName: { zh: '示范店', en: 'Demo store' },
  borrower: { name: '<img src=x onerror=alert(1)>', residentIdMasked: '1101**********1237', mobileMasked: '139****5678' },
  lines: [{ name: { zh: '冰箱', en: 'Fridge' }, quantity: 1, unitPriceFen: 100_000 }],
  discounts: [],
  totalFen: 100_000,
  downPaymentFen: 0,
  amountFinancedFen: 100_000,
  offer,
};

describe('key-terms contract', () => {
  it('falls due on the same day each month, or the last day of a shorter month', () => {
    expect([1, 2, 3, 12, 13].map((k) => addMonths('2026-01-31', k))).toEqual(['2026-02-28', '2026-03-31', '2026-04-30', '2027-01-31', '2027-02-28']);
    expect(addMonths('2027-12-15', 1)).toBe('2028-01-15');
    expect(addMonths('2028-01-30', 1)).toBe('2028-02-29');
  });

  it('escapes every value, so the renderer can insert it as it is', () => {
    const html = renderContract(data, 'en');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Demo &quot;Bank&quot; &amp; Co');
    expect(renderContract(data, 'zh-CN')).toContain('示范&lt;银行&gt;');
  });

  it('lists every payment, the last one absorbing the rounding, and is the same text every time', () => {
    const html = renderContract(data, 'zh-CN');
    expect(html.match(/<tr><td>\d+<\/td>/g)).toHaveLength(3);
    expect(html).toContain('<tr><td>3</td><td>2026-04-30</td><td>¥335.34</td></tr>');
    expect(html.indexOf('3.59%')).toBeLessThan(html.indexOf('¥6'));
    expect(renderContract(data, 'zh-CN')).toBe(html);
  });
});
