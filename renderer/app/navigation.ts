import type { Purchase } from '../../electron/contract/cart.ts';
import type { ApplicationView } from '../../electron/contract/credit.ts';
import type { OrderView } from '../../electron/contract/orders.ts';
import type { Offer } from '../../electron/contract/finance.ts';
import type { BrowseQuery } from '../features/catalog/first-pages.ts';

/**
 * Where a shopper is and how they move: the screens of a visit and the actions between them.
 * Screens import these types from here, not from the Visit that renders them, so no feature
 * module and the shell import each other.
 */

/** A category, a search or both, with where the grid was scrolled and whether the search keyboard opens. */
export interface BrowseState extends BrowseQuery {
  scrollTop?: number;
  focusSearch?: boolean;
}

export type Screen =
  | { name: 'home' }
  | ({ name: 'browse' } & BrowseState)
  | { name: 'product'; productId: string }
  | { name: 'compare' }
  | { name: 'cart' }
  | { name: 'favourites' }
  // Membership (features/face): join (face or mobile) with consent, sign in by mobile, or delete one's data.
  | { name: 'member'; task: 'join' | 'forget' | 'signIn' }
  // Checkout: the credit application (issue 4), then fulfilment and the order, or straight to
  // fulfilment when paid at the till. Each step carries what the next one needs, so the whole
  // purchase lives in this stack and goes when the Visit unmounts.
  | { name: 'apply'; purchase: Purchase; offer: Offer }
  | { name: 'decision'; application: ApplicationView; purchase: Purchase }
  | { name: 'terms'; application: ApplicationView; purchase: Purchase }
  | { name: 'fulfilment'; checkout: Checkout }
  | { name: 'order'; checkout: Checkout; order: OrderView };

/** How a purchase is paid: in full at the till, or by a signed credit agreement (any down payment at the till). */
export type Checkout =
  | { payment: 'till'; purchase: Purchase }
  | { payment: 'installment'; purchase: Purchase; application: ApplicationView; coolingOffDays: number };

export const CHECKOUT_SCREENS: ReadonlySet<Screen['name']> = new Set(['apply', 'decision', 'terms', 'fulfilment', 'order']);

/** A signed agreement waits for its order here: going back would leave it behind, and leaving the visit cancels it. */
export function awaitsOrder(screen: Screen): boolean {
  return screen.name === 'fulfilment' && screen.checkout.payment === 'installment';
}

export type Action =
  | { type: 'push'; screen: Screen }
  | { type: 'replace'; screen: Screen }
  /** Replaces every checkout step on top of the stack: once submitted, signed or ordered, an earlier step cannot be redone by going back. */
  | { type: 'advance'; screen: Screen }
  | { type: 'back' }
  | { type: 'home' };

export type Navigate = (action: Action) => void;

/** The visit's history after an action (the Visit's reducer). */
export function navigate(stack: Screen[], action: Action): Screen[] {
  switch (action.type) {
    case 'push':
      return [...stack, action.screen];
    case 'replace':
      return [...stack.slice(0, -1), action.screen];
    case 'advance': {
      let keep = stack.length;
      while (keep > 1 && CHECKOUT_SCREENS.has(stack[keep - 1]?.name ?? 'home')) keep -= 1;
      return [...stack.slice(0, keep), action.screen];
    }
    case 'back':
      return stack.length > 1 ? stack.slice(0, -1) : stack;
    case 'home':
      return [{ name: 'home' }];
  }
}
