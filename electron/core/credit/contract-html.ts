import type { LocalizedText } from '../../contract/catalog.ts';
import type { Offer } from '../../contract/finance.ts';
import { addMonths } from '../../domain/calendar.ts';
import { formatFen, formatRate } from '../../domain/money.ts';

/** Days after signing in which the shopper may withdraw from the agreement at no cost. */
export const COOLING_OFF_DAYS = 7;

export interface ContractData {
  applicationId: string;
  /** Store date of the application (YYYY-MM-DD): due dates count from it, so the text is stable until signed. */
  appliedOn: string;
  storeName: LocalizedText;
  borrower: { name: string; residentIdMasked: string; mobileMasked: string };
  lines: { name: LocalizedText; quantity: number; unitPriceFen: number }[];
  /** Promotions taken off the goods, as the cart showed them. */
  discounts: { title: LocalizedText; amountFen: number }[];
  totalFen: number;
  downPaymentFen: number;
  amountFinancedFen: number;
  offer: Offer;
}

type Lang = 'zh' | 'en';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Every value that reaches the HTML goes through here: the renderer inserts this HTML as is. */
const esc = (s: string | number) => String(s).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const TEXT = {
  zh: {
    title: '分期付款合同 · 关键条款',
    apr: '年化利率（单利，按内部收益率法计算）',
    compound: '复利年化',
    figures: '费用与还款',
    financed: '分期金额',
    down: '首付（在收银台支付）',
    total: '商品总价',
    cost: '分期总成本（利息及手续费）',
    paid: '分期还款总额',
    term: '期数',
    monthly: '每期还款',
    months: (n: number) => `${n} 期`,
    schedule: '还款计划',
    no: '期次',
    due: '到期日',
    amount: '金额',
    goods: '所购商品',
    parties: '合同双方',
    lender: '贷款机构',
    borrower: '借款人',
    merchant: '商户',
    idNo: '身份证号',
    mobile: '手机号',
    rights: '您的权利',
    coolingOff: `冷静期：签署后 ${COOLING_OFF_DAYS} 日内，您可在本店服务台无理由撤销本合同，不产生任何费用；已付首付全额退还。`,
    early: '提前还款：您可随时提前结清，只需支付实际使用期间的利息或手续费，不收取提前还款违约金。',
    free: '免息：您无需支付利息或手续费，贴息由商户承担。',
    reference: '申请编号',
  },
  en: {
    title: 'Installment agreement · Key terms',
    apr: 'Annualised rate (simple, by internal rate of return)',
    compound: 'compound annual',
    figures: 'Cost and repayment',
    financed: 'Amount financed',
    down: 'Down payment (paid at the till)',
    total: 'Price of the goods',
    cost: 'Total cost of credit (interest and fees)',
    paid: 'Total repaid',
    term: 'Term',
    monthly: 'Monthly payment',
    months: (n: number) => `${n} months`,
    schedule: 'Repayment schedule',
    no: 'No.',
    due: 'Due',
    amount: 'Amount',
    goods: 'Goods',
    parties: 'Parties',
    lender: 'Lender',
    borrower: 'Borrower',
    merchant: 'Merchant',
    idNo: 'Resident ID',
    mobile: 'Mobile',
    rights: 'Your rights',
    coolingOff: `Cooling-off: within ${COOLING_OFF_DAYS} days of signing you may withdraw from this agreement at this store's service desk, without giving a reason and at no cost; any down payment is refunded in full.`,
    early: 'Early repayment: you may repay in full at any time, paying interest or fees only for the time you used the credit, with no early-repayment charge.',
    free: 'Interest-free: you pay no interest or fees; the merchant pays the lender.',
    reference: 'Application',
  },
} as const;

/**
 * The key-terms contract as HTML, in the order the rules ask for: the annualised rate first and
 * most prominent, then the total cost, the schedule, and the cooling-off and early-repayment
 * rights. Deterministic for the same data and language, because the shopper signs its hash.
 * Class names only (the CSP forbids inline styles); the renderer's stylesheet lays it out.
 */
export function renderContract(data: ContractData, locale: 'zh-CN' | 'en'): string {
  const lang: Lang = locale === 'en' ? 'en' : 'zh';
  const t = TEXT[lang];
  const o = data.offer;
  const payments = Array.from({ length: o.termMonths }, (_, i) => (i === o.termMonths - 1 ? o.lastPaymentFen : o.monthlyPaymentFen));
  const row = (label: string, value: string) => `<tr><th scope="row">${esc(label)}</th><td>${esc(value)}</td></tr>`;
  return [
    `<section class="contract" lang="${lang === 'zh' ? 'zh-CN' : 'en'}">`,
    `<h1>${esc(t.title)}</h1>`,
    `<p class="contract__reference">${esc(t.reference)}: ${esc(data.applicationId)}</p>`,
    `<div class="contract__apr"><span class="contract__apr-label">${esc(t.apr)}</span>`,
    `<span class="contract__apr-value">${esc(formatRate(o.apr.simpleAnnual))}</span>`,
    `<span class="contract__apr-compound">${esc(t.compound)} ${esc(formatRate(o.apr.compoundAnnual))}</span></div>`,
    `<h2>${esc(t.figures)}</h2>`,
    '<table class="contract__figures"><tbody>',
    row(t.cost, formatFen(o.totalCostFen)),
    row(t.paid, formatFen(o.totalPaidFen)),
    row(t.financed, formatFen(data.amountFinancedFen)),
    row(t.term, t.months(o.termMonths)),
    row(t.monthly, formatFen(o.monthlyPaymentFen)),
    row(t.total, formatFen(data.totalFen)),
    row(t.down, formatFen(data.downPaymentFen)),
    '</tbody></table>',
    o.kind === 'interest_free' ? `<p class="contract__note">${esc(t.free)}</p>` : '',
    `<h2>${esc(t.schedule)}</h2>`,
    `<table class="contract__schedule"><thead><tr><th scope="col">${esc(t.no)}</th><th scope="col">${esc(t.due)}</th><th scope="col">${esc(t.amount)}</th></tr></thead><tbody>`,
    ...payments.map((fen, i) => `<tr><td>${i + 1}</td><td>${esc(addMonths(data.appliedOn, i + 1))}</td><td>${esc(formatFen(fen))}</td></tr>`),
    '</tbody></table>',
    `<h2>${esc(t.rights)}</h2>`,
    `<ul class="contract__rights"><li>${esc(t.coolingOff)}</li><li>${esc(t.early)}</li></ul>`,
    `<h2>${esc(t.goods)}</h2>`,
    '<ul class="contract__goods">',
    ...data.lines.map((l) => `<li>${esc(l.name[lang])} × ${l.quantity} — ${esc(formatFen(l.unitPriceFen * l.quantity))}</li>`),
    ...data.discounts.map((d) => `<li class="contract__discount">${esc(d.title[lang])} — −${esc(formatFen(d.amountFen))}</li>`),
    `<li class="contract__goods-total">${esc(t.total)} — ${esc(formatFen(data.totalFen))}</li>`,
    '</ul>',
    `<h2>${esc(t.parties)}</h2>`,
    '<table class="contract__party"><tbody>',
    row(t.lender, o.lender[lang]),
    row(t.merchant, data.storeName[lang]),
    row(t.borrower, data.borrower.name),
    row(t.idNo, data.borrower.residentIdMasked),
    row(t.mobile, data.borrower.mobileMasked),
    '</tbody></table>',
    '</section>',
  ].join('\n');
}
