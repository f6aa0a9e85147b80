import { z } from 'zod';
import { EnergyGrade, Fen, LocalizedText, SpecDef, SpecValue } from './catalog.ts';
import type { ApiResult } from './errors.ts';

/**
 * The kiosk API: one request/response schema per channel. The renderer calls
 * `kiosk.<channel>(input)`; Electron carries it over IPC, the web host over
 * `POST /api/<channel>`. Both ends validate with these schemas.
 */

export const Locale = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof Locale>;

const Empty = z.object({}).strict();
const Id = z.string().min(1).max(64);

export const CategorySummary = z.object({
  id: Id,
  name: LocalizedText,
  art: z.string(),
  productCount: z.number().int().nonnegative(),
  fromPriceFen: Fen.nullable(),
});
export type CategorySummary = z.infer<typeof CategorySummary>;

export const CategoryInfo = z.object({ id: Id, name: LocalizedText, art: z.string(), specs: z.array(SpecDef) });
export type CategoryInfo = z.infer<typeof CategoryInfo>;

export const ProductCard = z.object({
  id: Id,
  model: z.string(),
  name: LocalizedText,
  brand: LocalizedText,
  priceFen: Fen,
  listPriceFen: Fen,
  energyGrade: EnergyGrade.nullable(),
  art: z.string(),
  /** Values of the category's key specs, in the category's spec order. */
  keySpecs: z.record(z.string(), SpecValue),
  stock: z.number().int().nonnegative(),
});
export type ProductCard = z.infer<typeof ProductCard>;

export const ProductDetail = ProductCard.extend({
  sku: z.string(),
  category: CategoryInfo,
  specs: z.record(z.string(), SpecValue),
  highlights: z.array(LocalizedText),
  releasedOn: z.string(),
});
export type ProductDetail = z.infer<typeof ProductDetail>;

export const ProductSort = z.enum(['popularity', 'price_asc', 'price_desc', 'newest']);
export type ProductSort = z.infer<typeof ProductSort>;

export const SessionEndReason = z.enum(['idle', 'finished', 'staff']);

export const channels = {
  appInfo: {
    request: Empty,
    response: z.object({
      version: z.string(),
      shell: z.enum(['electron', 'web']),
      store: z.object({ id: z.string(), name: LocalizedText }),
      defaultLocale: Locale,
      idle: z.object({ timeoutMs: z.number().int().positive(), warningMs: z.number().int().positive() }),
    }),
  },
  listCategories: {
    request: Empty,
    response: z.object({ categories: z.array(CategorySummary) }),
  },
  listProducts: {
    request: z
      .object({
        categoryId: Id,
        sort: ProductSort.default('popularity'),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(100).default(24),
      })
      .strict(),
    response: z.object({ category: CategoryInfo, total: z.number().int().nonnegative(), items: z.array(ProductCard) }),
  },
  getProduct: {
    request: z.object({ id: Id }).strict(),
    response: z.object({ product: ProductDetail }),
  },
  startSession: {
    request: z.object({ locale: Locale }).strict(),
    response: z.object({ sessionId: z.string() }),
  },
  endSession: {
    request: z.object({ sessionId: Id, reason: SessionEndReason }).strict(),
    response: z.object({ ended: z.boolean() }),
  },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export const channelNames = Object.keys(channels) as ChannelName[];
export type ChannelRequest<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ChannelResponse<C extends ChannelName> = z.output<Channels[C]['response']>;

export function isChannelName(name: string): name is ChannelName {
  return Object.hasOwn(channels, name);
}

/** Events pushed from the core to every open renderer. */
export const events = {
  'catalog.updated': z.object({ version: z.string() }),
} as const satisfies Record<string, z.ZodType>;
export type EventName = keyof typeof events;
export type KioskEvent = { [E in EventName]: { name: E; payload: z.output<(typeof events)[E]> } }[EventName];
export const KioskEventSchema = z.discriminatedUnion(
  'name',
  Object.entries(events).map(([name, payload]) => z.object({ name: z.literal(name), payload })) as unknown as [
    z.ZodObject<{ name: z.ZodLiteral<EventName>; payload: z.ZodType }>,
  ],
);

/** What `window.kiosk` offers, whatever the transport. */
export type KioskApi = {
  [C in ChannelName]: (input: ChannelRequest<C>) => Promise<ApiResult<ChannelResponse<C>>>;
} & {
  on: (listener: (event: KioskEvent) => void) => () => void;
};

/** The raw bridge the Electron preload exposes; the renderer wraps it with validation. */
export type KioskBridge = {
  [C in ChannelName]: (input: unknown) => Promise<unknown>;
} & {
  on: (listener: (event: unknown) => void) => () => void;
};

/** IPC channel prefix shared by preload and main. */
export const IPC_PREFIX = 'kiosk:';
export const IPC_EVENT = 'kiosk-event';
