import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ShopperEvent } from '../../electron/contract/analytics.ts';
import type { ProductCard } from '../../electron/contract/catalog.ts';
import { MEMBER_FAVOURITES_MAX, type MemberGreeting } from '../../electron/contract/face.ts';
import { MAX_CART_LINES, MAX_COMPARE, MAX_QUANTITY } from '../../electron/contract/limits.ts';
import { kiosk } from './kiosk-client.ts';

export interface CartEntry {
  product: ProductCard;
  quantity: number;
}

interface Shopper {
  sessionId: string;
  cart: CartEntry[];
  favourites: ProductCard[];
  compare: ProductCard[];
  /** false when the cart already has its most lines and this product is not one of them */
  addToCart(product: ProductCard): boolean;
  setQuantity(productId: string, quantity: number): void;
  removeFromCart(productId: string): void;
  toggleFavourite(product: ProductCard): void;
  /** false when the compare list is already full */
  toggleCompare(product: ProductCard): boolean;
  clearCompare(): void;
  track(event: ShopperEvent): void;
  /** The member this visit was recognised as (features/face), and whether to greet them on screen. */
  member: { greeting: MemberGreeting; announce: boolean } | null;
  recognised(greeting: MemberGreeting, announce: boolean): void;
  /** "Not me": the visit stops being theirs, and what was brought back of theirs goes. */
  notMe(): void;
  /** Puts the member's last cart back in this visit's cart. */
  restoreCart(): void;
}

/** The member's lists are kept this long after the last change (a burst of taps is one write). */
const KEEP_LISTS_MS = 600;

const ShopperContext = createContext<Shopper | null>(null);

/**
 * Everything one shopper collects during a visit. It lives inside the Visit, so the idle reset
 * (which unmounts the Visit) wipes cart, favourites and compare list with it.
 */
export function ShopperProvider({ sessionId, children }: { sessionId: string; children: ReactNode }) {
  const [cart, setCart] = useState<CartEntry[]>([]);
  const [favourites, setFavourites] = useState<ProductCard[]>([]);
  const [compare, setCompare] = useState<ProductCard[]>([]);

  // Analytics must never get in the shopper's way: fire and forget.
  const track = useCallback(
    (event: ShopperEvent) => {
      if (sessionId) void kiosk.track({ sessionId, event });
    },
    [sessionId],
  );

  const addToCart = useCallback(
    (product: ProductCard) => {
      // The core quotes and finances at most MAX_CART_LINES lines: a longer cart could not be priced.
      if (cart.length >= MAX_CART_LINES && !cart.some((l) => l.product.id === product.id)) return false;
      setCart((lines) => {
        const existing = lines.find((l) => l.product.id === product.id);
        if (!existing) return [...lines, { product, quantity: 1 }];
        return lines.map((l) => (l === existing ? { ...l, quantity: Math.min(MAX_QUANTITY, l.quantity + 1) } : l));
      });
      track({ type: 'cart_added', productId: product.id, quantity: 1 });
      return true;
    },
    [cart, track],
  );

  const setQuantity = useCallback((productId: string, quantity: number) => {
    const clamped = Math.max(1, Math.min(MAX_QUANTITY, quantity));
    setCart((lines) => lines.map((l) => (l.product.id === productId ? { ...l, quantity: clamped } : l)));
  }, []);

  const removeFromCart = useCallback((productId: string) => {
    setCart((lines) => lines.filter((l) => l.product.id !== productId));
  }, []);

  const toggleFavourite = useCallback((product: ProductCard) => {
    setFavourites((list) => (list.some((p) => p.id === product.id) ? list.filter((p) => p.id !== product.id) : [...list, product]));
  }, []);

  const toggleCompare = useCallback(
    (product: ProductCard) => {
      if (compare.some((p) => p.id === product.id)) {
        setCompare(compare.filter((p) => p.id !== product.id));
        return true;
      }
      if (compare.length >= MAX_COMPARE) return false;
      setCompare([...compare, product]);
      return true;
    },
    [compare],
  );

  const clearCompare = useCallback(() => setCompare([]), []);

  const [member, setMember] = useState<Shopper['member']>(null);
  // What came back from the member's earlier visits, to take away again on "not me".
  const brought = useRef<{ favourites: Set<string>; cart: Set<string> }>({ favourites: new Set(), cart: new Set() });

  const recognised = useCallback((greeting: MemberGreeting, announce: boolean) => {
    setMember({ greeting, announce });
    setFavourites((list) => {
      const fresh = greeting.favourites.filter((p) => !list.some((q) => q.id === p.id));
      brought.current.favourites = new Set(fresh.map((p) => p.id));
      return [...list, ...fresh];
    });
  }, []);

  const restoreCart = useCallback(() => {
    if (!member) return;
    setCart((lines) => {
      const fresh = member.greeting.lastCart.filter((l) => !lines.some((m) => m.product.id === l.product.id)).slice(0, MAX_CART_LINES - lines.length);
      brought.current.cart = new Set(fresh.map((l) => l.product.id));
      return [...lines, ...fresh];
    });
  }, [member]);

  const notMe = useCallback(() => {
    const { favourites: broughtFavourites, cart: broughtCart } = brought.current;
    setFavourites((list) => list.filter((p) => !broughtFavourites.has(p.id)));
    setCart((lines) => lines.filter((l) => !broughtCart.has(l.product.id)));
    brought.current = { favourites: new Set(), cart: new Set() };
    setMember(null);
    if (sessionId) void kiosk.faceNotMe({ sessionId });
  }, [sessionId]);

  // A recognised member's favourites and cart are kept for their next visit; nobody else's are.
  useEffect(() => {
    if (!member || !sessionId) return;
    const timer = setTimeout(() => {
      void kiosk.memberLists({
        sessionId,
        favourites: favourites.slice(-MEMBER_FAVOURITES_MAX).map((p) => p.id),
        // The last cart is the last one with something in it: a visit that buys nothing keeps it.
        ...(cart.length > 0 ? { cart: cart.map((l) => ({ productId: l.product.id, quantity: l.quantity })) } : {}),
      });
    }, KEEP_LISTS_MS);
    return () => clearTimeout(timer);
  }, [member, sessionId, favourites, cart]);

  const value = useMemo(
    () => ({ sessionId, cart, favourites, compare, addToCart, setQuantity, removeFromCart, toggleFavourite, toggleCompare, clearCompare, track, member, recognised, notMe, restoreCart }),
    [sessionId, cart, favourites, compare, addToCart, setQuantity, removeFromCart, toggleFavourite, toggleCompare, clearCompare, track, member, recognised, notMe, restoreCart],
  );
  return <ShopperContext.Provider value={value}>{children}</ShopperContext.Provider>;
}

export function useShopper(): Shopper {
  const shopper = useContext(ShopperContext);
  if (!shopper) throw new Error('useShopper outside a visit');
  return shopper;
}
