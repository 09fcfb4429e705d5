import { customerPrice, DEFAULT_CATALOG, formatMoney, proceedsPerUnit, TERRITORIES, type Product, type Territory } from "./sales-catalog.js";
import { randomCount, seededRandom } from "./seeded-random.js";

/** Apple's Sales report columns (SALES SUMMARY 1_0). */
export const SALES_HEADER = [
  "Provider",
  "Provider Country",
  "SKU",
  "Developer",
  "Title",
  "Version",
  "Product Type Identifier",
  "Units",
  "Developer Proceeds",
  "Begin Date",
  "End Date",
  "Customer Currency",
  "Country Code",
  "Currency of Proceeds",
  "Apple Identifier",
  "Customer Price",
  "Promo Code",
  "Parent Identifier",
  "Subscription",
  "Period",
  "Category",
  "CMB",
  "Device",
  "Supported Platforms",
  "Proceeds Reason",
  "Preserved Pricing",
  "Client",
  "Order Type",
] as const;

export const DEVELOPER_NAME = "Example Software LLC";

/** One aggregated line of a sales report before formatting. */
export interface SaleLine {
  product: Product;
  territory: Territory;
  productType: string;
  units: number;
  price: number;
  proceeds: number;
  device: string;
  subscription: "" | "New" | "Renewal";
  proceedsReason: "" | "Rate After One Year";
  day: string;
}

export interface SalesGeneratorOptions {
  vendorNumber: string;
  catalog?: readonly Product[];
}

const WEEKDAY_FACTOR = [1.22, 0.94, 0.9, 0.92, 0.95, 1.03, 1.18]; // Sunday … Saturday

/** How busy a day is: weekends, a slow upward trend, a yearly wave, and day-to-day noise. */
export function dayFactor(vendorNumber: string, day: string): number {
  const t = Date.parse(`${day}T00:00:00Z`);
  const days = t / 86_400_000;
  const weekday = new Date(t).getUTCDay();
  const trend = 1 + 0.00035 * (days - 19_000);
  const season = 1 + 0.12 * Math.sin((2 * Math.PI * (days - 340)) / 365.25);
  const noise = 0.85 + 0.3 * seededRandom(vendorNumber, "day", day)();
  return Math.max(0.2, WEEKDAY_FACTOR[weekday]! * trend * season * noise);
}

/**
 * The sales lines of one Pacific day for a vendor: deterministic, so the same request always
 * returns the same bytes.
 */
export function salesLinesForDay(day: string, options: SalesGeneratorOptions): SaleLine[] {
  const catalog = options.catalog ?? DEFAULT_CATALOG;
  const random = seededRandom(options.vendorNumber, "sales", day);
  const factor = dayFactor(options.vendorNumber, day);
  const totalWeight = TERRITORIES.reduce((a, t) => a + t.weight, 0);
  const lines: SaleLine[] = [];
  for (const product of catalog) {
    for (const territory of TERRITORIES) {
      const mean = (product.dailyUnits * territory.weight * factor) / totalWeight;
      const devices = product.platform === "macOS" ? [["Desktop", 1]] as const : ([["iPhone", 0.74], ["iPad", 0.26]] as const);
      for (const [device, share] of devices) {
        const price = customerPrice(product, territory);
        const base = { product, territory, price, device, day };
        if (product.kind === "subscription") {
          const fresh = randomCount(random, mean * share * 0.35);
          const renewals = randomCount(random, mean * share * 0.65);
          const loyal = Math.round(renewals * 0.3);
          if (fresh) lines.push({ ...base, productType: product.productType, units: fresh, proceeds: proceedsPerUnit(price, territory), subscription: "New", proceedsReason: "" });
          if (renewals - loyal) lines.push({ ...base, productType: product.productType, units: renewals - loyal, proceeds: proceedsPerUnit(price, territory), subscription: "Renewal", proceedsReason: "" });
          if (loyal) lines.push({ ...base, productType: product.productType, units: loyal, proceeds: proceedsPerUnit(price, territory, 0.85), subscription: "Renewal", proceedsReason: "Rate After One Year" });
          continue;
        }
        const units = randomCount(random, mean * share);
        const proceeds = proceedsPerUnit(price, territory);
        if (units) lines.push({ ...base, productType: product.productType, units, proceeds, subscription: "", proceedsReason: "" });
        if (product.kind === "free-app" || product.kind === "paid-app") {
          // Updates and re-downloads show up in the same report under their own product types.
          const updateType = product.platform === "macOS" ? "F7" : "7F";
          const redownloadType = product.platform === "macOS" ? "F3" : "3F";
          const updates = randomCount(random, mean * share * 1.6);
          const redownloads = randomCount(random, mean * share * 0.12);
          if (updates) lines.push({ ...base, productType: updateType, units: updates, price: 0, proceeds: 0, subscription: "", proceedsReason: "" });
          if (redownloads) lines.push({ ...base, productType: redownloadType, units: redownloads, price: 0, proceeds: 0, subscription: "", proceedsReason: "" });
        }
        if (price > 0 && units > 0 && random() < 0.04) {
          lines.push({ ...base, productType: product.productType, units: -1, proceeds, subscription: "", proceedsReason: "" });
        }
      }
    }
  }
  return lines;
}

/** `MM/DD/YYYY`, the date format of Apple's sales reports. */
export function usDate(day: string): string {
  return `${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)}`;
}

/** Formats lines for a report covering `first`…`last`; lines with the same key are added up. */
export function formatSalesLines(lines: readonly SaleLine[], first: string, last: string): string[] {
  const merged = new Map<string, SaleLine>();
  for (const line of lines) {
    const key = [line.product.sku, line.territory.code, line.productType, line.device, line.subscription, line.proceedsReason, line.units < 0 ? "R" : "S", line.price].join("\u0000");
    const existing = merged.get(key);
    if (existing) existing.units += line.units;
    else merged.set(key, { ...line });
  }
  const out: string[] = [];
  for (const line of merged.values()) {
    const { product, territory } = line;
    const isApp = product.kind === "free-app" || product.kind === "paid-app";
    out.push(
      [
        "APPLE",
        "US",
        product.sku,
        DEVELOPER_NAME,
        product.title,
        isApp ? (product.version ?? "") : "",
        line.productType,
        String(line.units),
        formatMoney(line.proceeds, territory.decimals),
        usDate(first),
        usDate(last),
        territory.currency,
        territory.code,
        territory.currency,
        product.appleId,
        formatMoney(line.price, territory.decimals),
        "",
        product.parentSku ?? "",
        line.subscription,
        product.period ?? "",
        product.category,
        "",
        line.device,
        product.platform,
        line.proceedsReason,
        line.subscription ? "No" : "",
        "",
        "",
      ].join("\t"),
    );
  }
  return out;
}
