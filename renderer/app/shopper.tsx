import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ShopperEvent } from '../../electron/contract/analytics.ts';
import type { ProductCard } from '../../electron/contract/catalog.ts';
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
}

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

  const value = useMemo(
    () => ({ sessionId, cart, favourites, compare, addToCart, setQuantity, removeFromCart, toggleFavourite, toggleCompare, clearCompare, track }),
    [sessionId, cart, favourites, compare, addToCart, setQuantity, removeFromCart, toggleFavourite, toggleCompare, clearCompare, track],
  );
  return <ShopperContext.Provider value={value}>{children}</ShopperContext.Provider>;
}

export function useShopper(): Shopper {
  const shopper = useContext(ShopperContext);
  if (!shopper) throw new Error('useShopper outside a visit');
  return shopper;
}
