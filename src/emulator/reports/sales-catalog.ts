/** A storefront: where customers buy, what they pay in, and what Apple keeps as VAT. */
export interface Territory {
  code: string;
  currency: string;
  /** Relative share of customers. */
  weight: number;
  /** Customer price of the US$0.99 tier in local currency. */
  tier1: number;
  /** VAT/GST included in customer prices (Apple pays proceeds on the net price). */
  vat: number;
  /** Currencies without minor units (JPY, KRW) are written as integers. */
  decimals: number;
  /** Finance region that settles this storefront. */
  region: string;
  /** US dollars per unit of the currency, for the consolidated finance report. */
  usdRate: number;
}

export const TERRITORIES: readonly Territory[] = [
  { code: "US", currency: "USD", weight: 34, tier1: 0.99, vat: 0, decimals: 2, region: "US", usdRate: 1 },
  { code: "GB", currency: "GBP", weight: 8, tier1: 0.99, vat: 0.2, decimals: 2, region: "GB", usdRate: 1.27 },
  { code: "DE", currency: "EUR", weight: 8, tier1: 0.99, vat: 0.19, decimals: 2, region: "EU", usdRate: 1.08 },
  { code: "FR", currency: "EUR", weight: 5, tier1: 0.99, vat: 0.2, decimals: 2, region: "EU", usdRate: 1.08 },
  { code: "IT", currency: "EUR", weight: 3, tier1: 0.99, vat: 0.22, decimals: 2, region: "EU", usdRate: 1.08 },
  { code: "ES", currency: "EUR", weight: 3, tier1: 0.99, vat: 0.21, decimals: 2, region: "EU", usdRate: 1.08 },
  { code: "NL", currency: "EUR", weight: 2, tier1: 0.99, vat: 0.21, decimals: 2, region: "EU", usdRate: 1.08 },
  { code: "JP", currency: "JPY", weight: 9, tier1: 160, vat: 0.1, decimals: 0, region: "JP", usdRate: 0.0067 },
  { code: "CA", currency: "CAD", weight: 5, tier1: 1.39, vat: 0, decimals: 2, region: "CA", usdRate: 0.74 },
  { code: "AU", currency: "AUD", weight: 4, tier1: 1.49, vat: 0.1, decimals: 2, region: "AU", usdRate: 0.66 },
  { code: "CN", currency: "CNY", weight: 6, tier1: 6, vat: 0.06, decimals: 2, region: "CN", usdRate: 0.14 },
  { code: "BR", currency: "BRL", weight: 4, tier1: 5.9, vat: 0, decimals: 2, region: "BR", usdRate: 0.2 },
  { code: "MX", currency: "MXN", weight: 2, tier1: 19, vat: 0.16, decimals: 2, region: "MX", usdRate: 0.058 },
  { code: "IN", currency: "INR", weight: 3, tier1: 89, vat: 0.18, decimals: 2, region: "IN", usdRate: 0.012 },
  { code: "KR", currency: "KRW", weight: 2, tier1: 1400, vat: 0.1, decimals: 0, region: "KR", usdRate: 0.00074 },
  { code: "CH", currency: "CHF", weight: 1, tier1: 1, vat: 0.081, decimals: 2, region: "CH", usdRate: 1.13 },
  { code: "SE", currency: "SEK", weight: 1, tier1: 11, vat: 0.25, decimals: 2, region: "SE", usdRate: 0.095 },
];

export type ProductKind = "free-app" | "paid-app" | "iap" | "subscription";

export interface Product {
  sku: string;
  title: string;
  kind: ProductKind;
  /** Apple's Product Type Identifier of a sale (1F universal app, F1 Mac app, IA1 in-app, IAY auto-renewable). */
  productType: string;
  appleId: string;
  /** SKU of the app an in-app purchase belongs to. */
  parentSku?: string;
  /** Price in multiples of the US$0.99 tier (0 for free). */
  tier: number;
  /** Mean units per day worldwide. */
  dailyUnits: number;
  version?: string;
  category: string;
  platform: "iOS" | "macOS";
  /** Subscription period, e.g. "1 Month". */
  period?: string;
}

/**
 * The emulated developer's catalogue: the seeded demo team's two apps (same names, SKUs and ids as
 * seedDemo gives them in a fresh store, the version of their VALID builds) with in-app purchases
 * and a subscription, so that reports name the apps `asckit apps list` shows. Ids of in-app
 * purchases and subscriptions come from the id ranges the emulator's store uses for those types.
 */
export const DEFAULT_CATALOG: readonly Product[] = [
  { sku: "DEMO001", title: "Demo App", kind: "free-app", productType: "1F", appleId: "6450000001", tier: 0, dailyUnits: 420, version: "1.0.0", category: "Productivity", platform: "iOS" },
  { sku: "DEMO001.pro", title: "Demo App Pro Unlock", kind: "iap", productType: "IA1", appleId: "6460000001", parentSku: "DEMO001", tier: 5, dailyUnits: 22, category: "Productivity", platform: "iOS" },
  { sku: "DEMO001.coins", title: "Coin Pack", kind: "iap", productType: "IA1", appleId: "6460000002", parentSku: "DEMO001", tier: 2, dailyUnits: 35, category: "Productivity", platform: "iOS" },
  { sku: "DEMO001.plus.monthly", title: "Demo Plus Monthly", kind: "subscription", productType: "IAY", appleId: "6470000001", parentSku: "DEMO001", tier: 3, dailyUnits: 48, category: "Productivity", platform: "iOS", period: "1 Month" },
  { sku: "WIDGET001", title: "Sample Widget Tools", kind: "paid-app", productType: "1F", appleId: "6450000002", tier: 3, dailyUnits: 64, version: "1.0.0", category: "Utilities", platform: "iOS" },
  { sku: "WIDGET001.themes", title: "Theme Pack", kind: "iap", productType: "IA1", appleId: "6460000003", parentSku: "WIDGET001", tier: 1, dailyUnits: 18, category: "Utilities", platform: "iOS" },
];

/** Customer price of a tier in a territory (Apple rounds to "pretty" local prices; close enough). */
export function customerPrice(product: Product, territory: Territory): number {
  if (product.tier === 0) return 0;
  const raw = territory.tier1 * product.tier;
  // Local price points end in .99 (or a round number without minor units), like Apple's tiers.
  if (territory.decimals === 0) return Math.round(raw / 10) * 10;
  return raw < 2 ? round(raw, 2) : Math.ceil(raw) - 0.01;
}

/** Developer proceeds per unit: 70% of the price net of VAT (85% for subscriptions after a year). */
export function proceedsPerUnit(price: number, territory: Territory, rate = 0.7): number {
  return round((price / (1 + territory.vat)) * rate, territory.decimals);
}

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** A money value as Apple writes it: two decimals, none for currencies without minor units. */
export function formatMoney(value: number, decimals: number): string {
  return value.toFixed(decimals);
}
