import type { ApiRequest, ApiResult, OperationHandler } from "../engine-types.js";
import { gzipReport } from "./gzip-members.js";
import { daysFromTo, fiscalPeriod, pacificToday, plusDays } from "./report-calendar.js";
import { invalidParameter, noSalesForDate } from "./report-failures.js";
import { DEFAULT_CATALOG, formatMoney, round, type Product } from "./sales-catalog.js";
import { DEVELOPER_NAME, salesLinesForDay, usDate, type SaleLine } from "./sales-generator.js";
import { hash32 } from "./seeded-random.js";

export const FINANCIAL_HEADER = [
  "Start Date", "End Date", "UPC", "ISRC/ISBN", "Vendor Identifier", "Quantity", "Partner Share", "Extended Partner Share", "Partner Share Currency",
  "Sales or Return", "Apple Identifier", "Artist/Show/Developer/Author", "Title", "Label/Studio/Network/Developer/Publisher", "Grid",
  "Product Type Identifier", "ISAN/Other Identifier", "Country Of Sale", "Pre-order Flag", "Promo Code", "Customer Price", "Customer Currency",
] as const;

export const CONSOLIDATED_HEADER = [
  "Start Date", "End Date", "Region", "Region Currency", "Units Sold", "Earned", "Pre-Tax Subtotal", "Input Tax", "Adjustments",
  "Withholding Tax", "Total Owed", "Exchange Rate", "Proceeds", "Bank Account Currency",
] as const;

export const FINANCE_DETAIL_HEADER = [
  "Transaction Date", "Settlement Date", "Apple Identifier", "SKU", "Title", "Developer Name", "Product Type Identifier", "Country of Sale",
  "Quantity", "Partner Share", "Extended Partner Share", "Partner Share Currency", "Customer Price", "Customer Currency", "Sale or Return",
  "Promo Code", "Order Type", "Region",
] as const;

const REGION_NAMES: Record<string, string> = {
  US: "Americas", CA: "Canada", MX: "Mexico", BR: "Brazil", EU: "Euro-Zone", GB: "United Kingdom", CH: "Switzerland", SE: "Sweden",
  JP: "Japan", AU: "Australia", CN: "China mainland", IN: "India", KR: "Korea, Republic of",
};

/**
 * Days after a fiscal month's end before its reports exist: Apple has them "ready for all countries
 * or regions by the first Friday of the fiscal month" that follows (itunespartner.apple.com, March
 * 2024), six days after the Saturday the month ends on. Until then Apple answers "no sales".
 */
const SETTLEMENT_DELAY_DAYS = 5;

export interface FinanceReportHandlerOptions {
  catalog?: readonly Product[];
}

/** `GET /v1/financeReports`: per-region FINANCIAL (with trailer), consolidated ZZ, and FINANCE_DETAIL (Z1). */
export function createFinanceReportHandler(options: FinanceReportHandlerOptions = {}): OperationHandler {
  const catalog = options.catalog ?? DEFAULT_CATALOG;
  return (request: ApiRequest): ApiResult => {
    const q = request.query;
    const vendor = q["filter[vendorNumber]"] ?? "";
    const type = q["filter[reportType]"] ?? "";
    const region = q["filter[regionCode]"] ?? "";
    const reportDate = q["filter[reportDate]"] ?? "";
    if (!/^\d{6,10}$/.test(vendor)) throw invalidParameter("filter[vendorNumber]", "The vendor number you have specified is invalid. Use the vendor number shown in Payments and Financial Reports.");
    if (type === "FINANCE_DETAIL" && region !== "Z1") throw invalidParameter("filter[regionCode]", "The region code you have specified is invalid. FINANCE_DETAIL reports are available for region code Z1 only.");
    if (type === "FINANCIAL" && region === "Z1") throw invalidParameter("filter[regionCode]", "The region code you have specified is invalid. Region code Z1 is available for FINANCE_DETAIL reports only.");
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(reportDate)) throw invalidParameter("filter[reportDate]", "The report date you have specified is invalid. Use the format YYYY-MM.");

    // Fiscal year and period (2024-05 = fiscal February 2024), not a calendar month.
    const { first, last } = fiscalPeriod(reportDate);
    // Apple gives the same "no sales" answer for a period not settled yet (or not begun) as for an empty one.
    if (plusDays(last, SETTLEMENT_DELAY_DAYS) >= pacificToday(request.now)) throw noSalesForDate();
    const paid = (day: string) => salesLinesForDay(day, { vendorNumber: vendor, catalog }).filter((l) => l.proceeds > 0);

    let header: readonly string[];
    let lines: string[];
    let trailer = "";
    if (type === "FINANCE_DETAIL") {
      header = FINANCE_DETAIL_HEADER;
      lines = [];
      let units = 0;
      for (const day of daysFromTo(first, last)) {
        for (const l of paid(day)) {
          units += l.units;
          lines.push(detailLine(l, day, last));
        }
      }
      trailer = `\nTotal_Rows\t${lines.length}\nTotal_Units\t${units}\n`;
    } else if (region === "ZZ") {
      header = CONSOLIDATED_HEADER;
      lines = consolidatedLines(daysFromTo(first, last).flatMap(paid), first, last);
    } else {
      header = FINANCIAL_HEADER;
      const inRegion = daysFromTo(first, last).flatMap((d) => paid(d).filter((l) => l.territory.region === region));
      const rows = regionLines(inRegion, first, last);
      lines = rows.lines;
      const decimals = inRegion[0]?.territory.decimals ?? 2;
      trailer = `\nTotal_Rows\t${lines.length}\nTotal_Amount\t${formatMoney(rows.amount, decimals)}\nTotal_Units\t${rows.units}\n`;
    }
    if (lines.length === 0) throw noSalesForDate();
    const text = `${header.join("\t")}\n${lines.join("\n")}\n${trailer}`;
    const members = 1 + (hash32(`${vendor}|${type}|${region}|${reportDate}`) % 2);
    return {
      status: 200,
      body: gzipReport(text, members),
      headers: { "Content-Type": "application/a-gzip", "Content-Disposition": `attachment; filename=${vendor}_${reportDate.replace("-", "").slice(2)}_${region}.txt.gz` },
    };
  };
}

function regionLines(lines: readonly SaleLine[], first: string, last: string): { lines: string[]; amount: number; units: number } {
  const merged = new Map<string, { line: SaleLine; quantity: number }>();
  for (const l of lines) {
    const key = `${l.product.sku}|${l.territory.code}|${l.units < 0 ? "R" : "S"}|${l.proceeds}`;
    const entry = merged.get(key);
    if (entry) entry.quantity += l.units;
    else merged.set(key, { line: l, quantity: l.units });
  }
  let amount = 0;
  let units = 0;
  const out: string[] = [];
  for (const { line, quantity } of merged.values()) {
    const d = line.territory.decimals;
    const extended = round(quantity * line.proceeds, d);
    amount = round(amount + extended, d);
    units += quantity;
    out.push([
      usDate(first), usDate(last), "", "", line.product.sku, String(quantity), formatMoney(line.proceeds, d), formatMoney(extended, d), line.territory.currency,
      quantity < 0 ? "R" : "S", line.product.appleId, DEVELOPER_NAME, line.product.title, DEVELOPER_NAME, "", line.productType, "", line.territory.code, "", "",
      formatMoney(line.price, d), line.territory.currency,
    ].join("\t"));
  }
  return { lines: out, amount, units };
}

function consolidatedLines(lines: readonly SaleLine[], first: string, last: string): string[] {
  const byRegion = new Map<string, { currency: string; decimals: number; rate: number; units: number; earned: number }>();
  for (const l of lines) {
    const key = `${l.territory.region}|${l.territory.currency}`;
    const entry = byRegion.get(key) ?? { currency: l.territory.currency, decimals: l.territory.decimals, rate: l.territory.usdRate, units: 0, earned: 0 };
    entry.units += l.units;
    entry.earned = round(entry.earned + l.units * l.proceeds, l.territory.decimals);
    byRegion.set(key, entry);
  }
  return [...byRegion.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, e]) => {
      const region = key.split("|")[0]!;
      const owed = formatMoney(e.earned, e.decimals);
      return [usDate(first), usDate(last), `${REGION_NAMES[region] ?? region} (${e.currency})`, e.currency, String(e.units), owed, owed, "0", "0", "0", owed, e.rate.toFixed(6), (e.earned * e.rate).toFixed(2), "USD"].join("\t");
    });
}

function detailLine(l: SaleLine, day: string, settled: string): string {
  const d = l.territory.decimals;
  return [
    usDate(day), usDate(settled), l.product.appleId, l.product.sku, l.product.title, DEVELOPER_NAME, l.productType, l.territory.code, String(l.units),
    formatMoney(l.proceeds, d), formatMoney(round(l.units * l.proceeds, d), d), l.territory.currency, formatMoney(l.price, d), l.territory.currency,
    l.units < 0 ? "R" : "S", "", "", l.territory.region,
  ].join("\t");
}

