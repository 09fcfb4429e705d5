import type { AscClient } from "../../client/index.js";
import { ValidationError } from "../../errors/asckit-error.js";
import type { ReportRow } from "./report-columns.js";
import { addDays, daysBetween, isValidDay, pacificYesterday, type IsoDay } from "./pacific-time.js";
import { ReportExpiredError, ReportNotAvailableError } from "./report-errors.js";
import { openSalesReport, resolveSalesReportTarget } from "./sales-report.js";
import { reportCacheScope, type SummaryCache } from "./summary-cache.js";
import type { ExchangeRates } from "./exchange-rates.js";

export type SummaryGrouping = "day" | "app" | "territory" | "product";

/** One day of a Sales report, boiled down to what the summary needs (and what the cache stores). */
export interface DayAggregate {
  day: IsoDay;
  /** sales: a report with rows; no-sales: Apple's "no sales"; not-available: not published yet; expired: past Apple's horizon. */
  status: "sales" | "no-sales" | "not-available" | "expired";
  /** SKU → title, for apps and products. */
  titles: Record<string, string>;
  /** [app SKU, product SKU, product type, territory, currency, units, proceeds]. */
  entries: Array<[string, string, string, string, string, number, number]>;
}

export interface SummaryTotals {
  units: number;
  /** Developer proceeds per currency of proceeds. */
  proceeds: Record<string, number>;
  /** Proceeds converted into `rates.currency`, for the currencies the rates cover. */
  converted?: number;
}

export interface SummaryGroup extends SummaryTotals {
  key: string;
  label: string;
  /** Rows per day only: what Apple answered for the day. */
  status?: DayAggregate["status"];
}

export interface SalesSummary {
  vendorNumber: string;
  from: IsoDay;
  to: IsoDay;
  days: Array<SummaryTotals & { day: IsoDay; status: DayAggregate["status"] }>;
  totals: SummaryTotals;
  byApp: SummaryGroup[];
  byTerritory: SummaryGroup[];
  byProduct: SummaryGroup[];
  rates?: ExchangeRates;
  /** Currencies seen without a rate (left out of `converted`). */
  unconverted: string[];
  /** Days Apple had not published yet: left out, asked for again next time. */
  missingDays: IsoDay[];
  /** Days older than Apple keeps daily reports (410): left out of every total, so say so. */
  expiredDays: IsoDay[];
  /** Report downloads this run made; 0 when everything came from the cache. */
  fetched: number;
  cached: number;
}

export interface SalesSummaryOptions {
  vendorNumber: string;
  from: IsoDay;
  to: IsoDay;
  now: () => number;
  /** Where finished days are kept; without it every day is downloaded. */
  cache?: SummaryCache;
  /**
   * Whose reports these are: the key's issuer ID (or key ID). With the client's base URL it scopes
   * the cache, so days cached for one server or team are never served for another.
   */
  account?: string;
  /** Reports downloaded at once (default 4), fewer when the hourly budget runs low. */
  concurrency?: number;
  /** Converts proceeds where a rate is known (see exchangeRatesFromFinance). */
  rates?: ExchangeRates;
  onDay?: (done: number, total: number, day: IsoDay, source: "cache" | "network") => void;
}

/** Units count sales, not updates or re-downloads of something already bought. */
const NOT_UNITS = new Set(["7", "7F", "7T", "F7", "3", "3F", "3T", "F3"]);
const COLUMNS = ["SKU", "Title", "Product Type Identifier", "Units", "Developer Proceeds", "Country Code", "Currency of Proceeds", "Parent Identifier"];
// 2: keys carry the server and account (version 1 keys did not, so their entries may be an emulator's).
const CACHE_VERSION = 2;
/** Requests one worker may spend of the hour's budget before the pool gives up a worker. */
const BUDGET_PER_WORKER = 20;
/** Daily reports over two years are not there to fetch: Apple keeps them for about a year. */
const MAX_DAYS = 731;

/** How the range's bounds are named in messages: CLI flags by default, tool arguments over MCP. */
export interface RangeLabels {
  from: string;
  to: string;
}

/**
 * Checks a summary's vendor number and range locally and fills in the defaults (`to` yesterday in
 * Pacific time, `from` 29 days before it), so that bad input fails before any request is sent.
 */
export function resolveSummaryRange(
  input: { vendorNumber: string; from?: string; to?: string; now: () => number },
  labels: RangeLabels = { from: "--from", to: "--to" },
): { vendorNumber: string; from: IsoDay; to: IsoDay; days: number } {
  const yesterday = pacificYesterday(input.now());
  for (const [name, value] of [["to", input.to], ["from", input.from]] as const) {
    if (value !== undefined && !isValidDay(value)) {
      throw new ValidationError(`Bad ${labels[name]} "${value}": expected a calendar day, YYYY-MM-DD.`, { category: "usage", field: labels[name], hint: `For example ${labels[name]} ${yesterday}.` });
    }
  }
  const to = input.to ?? yesterday;
  const from = input.from ?? addDays(to, -29);
  if (from > to) throw new ValidationError(`${labels.from} ${from} is after ${labels.to} ${to}.`, { category: "usage", field: labels.from });
  if (to > yesterday) {
    throw new ValidationError(`${labels.to} ${to} is after yesterday (${yesterday}, Pacific time): Apple has no report for it yet.`, { category: "usage", field: labels.to, hint: `Use ${labels.to} ${yesterday} or earlier.` });
  }
  const days = daysBetween(from, to).length;
  if (days > MAX_DAYS) throw new ValidationError(`${days} days is more than two years of daily reports.`, { category: "usage", field: labels.from, hint: "Apple keeps daily reports for about a year." });
  // The same vendor number check as a single report, before the first download rather than in it.
  const { vendorNumber } = resolveSalesReportTarget({ vendorNumber: input.vendorNumber, reportType: "SALES", frequency: "DAILY", reportDate: to, now: input.now });
  return { vendorNumber, from, to, days };
}

/**
 * Adds up units and proceeds of the daily SALES reports from `from` to `to`. Days are fetched
 * concurrently and each report is parsed as a stream; finished days are cached, so running the
 * same range again sends no request at all.
 */
export async function summarizeSales(client: AscClient, options: SalesSummaryOptions): Promise<SalesSummary> {
  const { vendorNumber, from, to } = resolveSummaryRange(options);
  const days = daysBetween(from, to);

  const results = new Array<DayAggregate>(days.length);
  let fetched = 0;
  let cached = 0;
  let done = 0;
  let next = 0;
  const limit = Math.max(1, options.concurrency ?? 4);
  const scope = reportCacheScope(client.baseUrl, options.account);

  const one = async (day: IsoDay): Promise<DayAggregate> => {
    const key = `sales-summary/v${CACHE_VERSION}/${scope}/${vendorNumber}/${day}`;
    const hit = await options.cache?.read<DayAggregate>(key);
    if (hit && hit.day === day) {
      cached++;
      options.onDay?.(++done, days.length, day, "cache");
      return hit;
    }
    fetched++;
    const aggregate = await fetchDay(client, vendorNumber, day, options.now);
    if (aggregate.status !== "not-available") await options.cache?.write(key, aggregate);
    options.onDay?.(++done, days.length, day, "network");
    return aggregate;
  };

  // A small pool: each worker takes the next day. Before each day a worker checks the budget Apple
  // reported on the latest response and stops when the pool is larger than that budget allows, so
  // the pool narrows as the hour's budget drains (one worker always carries on).
  const allowed = () => {
    const budget = client.rateLimit?.hourRemaining;
    return budget === undefined ? limit : Math.max(1, Math.min(limit, Math.floor(budget / BUDGET_PER_WORKER)));
  };
  let running = Math.min(limit, days.length, allowed());
  const worker = async (): Promise<void> => {
    while (next < days.length) {
      if (running > allowed()) {
        running--;
        return;
      }
      const index = next++;
      results[index] = await one(days[index]!);
    }
  };
  await Promise.all(Array.from({ length: running }, worker));

  return { ...combine(results, { ...options, vendorNumber, from, to }), fetched, cached };
}

async function fetchDay(client: AscClient, vendorNumber: string, day: IsoDay, now: () => number): Promise<DayAggregate> {
  const target = resolveSalesReportTarget({ vendorNumber, reportType: "SALES", frequency: "DAILY", reportDate: day, now });
  const aggregate: DayAggregate = { day, status: "sales", titles: {}, entries: [] };
  let report;
  try {
    report = await openSalesReport(client, target, now);
  } catch (error) {
    if (error instanceof ReportNotAvailableError) return { ...aggregate, status: "not-available" };
    if (error instanceof ReportExpiredError) return { ...aggregate, status: "expired" };
    throw error;
  }
  if (report.empty) return { ...aggregate, status: "no-sales" };
  const index = new Map<string, [string, string, string, string, string, number, number]>();
  for await (const batch of report.rows({ select: COLUMNS })) {
    for (const row of batch) addRow(aggregate, index, row);
  }
  aggregate.entries = [...index.values()].map((e) => [e[0], e[1], e[2], e[3], e[4], e[5], Math.round(e[6] * 100) / 100]);
  return aggregate;
}

function addRow(aggregate: DayAggregate, index: Map<string, [string, string, string, string, string, number, number]>, row: ReportRow): void {
  const sku = String(row.SKU ?? "");
  const productType = String(row["Product Type Identifier"] ?? "");
  const app = String(row["Parent Identifier"] ?? sku);
  const title = row.Title;
  if (typeof title === "string" && !(sku in aggregate.titles)) aggregate.titles[sku] = title;
  const units = typeof row.Units === "number" ? row.Units : 0;
  const perUnit = typeof row["Developer Proceeds"] === "number" ? row["Developer Proceeds"] : 0;
  const counted = NOT_UNITS.has(productType) ? 0 : units;
  const proceeds = units * perUnit;
  if (counted === 0 && proceeds === 0) return;
  const territory = String(row["Country Code"] ?? "");
  const currency = String(row["Currency of Proceeds"] ?? "");
  const key = `${app}\u0000${sku}\u0000${territory}\u0000${currency}`;
  const entry = index.get(key);
  if (entry) {
    entry[5] += counted;
    entry[6] += proceeds;
  } else {
    index.set(key, [app, sku, productType, territory, currency, counted, proceeds]);
  }
}

function combine(results: DayAggregate[], options: SalesSummaryOptions): Omit<SalesSummary, "fetched" | "cached"> {
  const rates = options.rates;
  const unconverted = new Set<string>();
  const titles: Record<string, string> = {};
  for (const r of results) Object.assign(titles, r.titles);
  const empty = (): SummaryTotals => ({ units: 0, proceeds: {}, ...(rates ? { converted: 0 } : {}) });
  const add = (t: SummaryTotals, units: number, currency: string, proceeds: number) => {
    t.units += units;
    if (proceeds !== 0) t.proceeds[currency] = round2((t.proceeds[currency] ?? 0) + proceeds);
    if (rates && proceeds !== 0) {
      const rate = currency === rates.currency ? 1 : rates.perUnit[currency];
      if (rate === undefined) unconverted.add(currency);
      else t.converted = round2((t.converted ?? 0) + proceeds * rate);
    }
  };
  const totals = empty();
  const groups = { app: new Map<string, SummaryGroup>(), territory: new Map<string, SummaryGroup>(), product: new Map<string, SummaryGroup>() };
  const group = (map: Map<string, SummaryGroup>, key: string, label: string) => {
    let g = map.get(key);
    if (!g) map.set(key, (g = { key, label, ...empty() }));
    return g;
  };
  const days = results.map((r) => {
    const day = { day: r.day, status: r.status, ...empty() };
    for (const [app, sku, , territory, currency, units, proceeds] of r.entries) {
      add(day, units, currency, proceeds);
      add(totals, units, currency, proceeds);
      add(group(groups.app, app, titles[app] ?? app), units, currency, proceeds);
      add(group(groups.territory, territory, territory), units, currency, proceeds);
      add(group(groups.product, sku, titles[sku] ?? sku), units, currency, proceeds);
    }
    return day;
  });
  const rank = (map: Map<string, SummaryGroup>) => [...map.values()].sort((a, b) => (b.converted ?? 0) - (a.converted ?? 0) || b.units - a.units || a.key.localeCompare(b.key));
  return {
    vendorNumber: options.vendorNumber,
    from: options.from,
    to: options.to,
    days,
    totals,
    byApp: rank(groups.app),
    byTerritory: rank(groups.territory),
    byProduct: rank(groups.product),
    ...(rates ? { rates } : {}),
    unconverted: [...unconverted].sort(),
    missingDays: results.filter((r) => r.status === "not-available").map((r) => r.day),
    expiredDays: results.filter((r) => r.status === "expired").map((r) => r.day),
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Rows for `--by`: one per day, app, territory or product. */
export function summaryGroups(summary: SalesSummary, by: SummaryGrouping): SummaryGroup[] {
  if (by === "app") return summary.byApp;
  if (by === "territory") return summary.byTerritory;
  if (by === "product") return summary.byProduct;
  return summary.days.map((d) => ({ key: d.day, label: d.status === "sales" ? d.day : `${d.day} (${d.status})`, status: d.status, units: d.units, proceeds: d.proceeds, ...(d.converted !== undefined ? { converted: d.converted } : {}) }));
}

/** `["2024-05-01", "2024-05-02", "2024-05-04"]` → "2024-05-01 … 2024-05-02, 2024-05-04": long lists of days stay one line. */
export function describeDays(days: readonly IsoDay[]): string {
  const runs: Array<[IsoDay, IsoDay]> = [];
  for (const day of days) {
    const last = runs[runs.length - 1];
    if (last && addDays(last[1], 1) === day) last[1] = day;
    else runs.push([day, day]);
  }
  return runs.map(([a, b]) => (a === b ? a : `${a} … ${b}`)).join(", ");
}
