/** A parsed report cell: numbers as numbers, dates as UTC-midnight Dates, blanks as null. */
export type Cell = string | number | Date | null;
export type ReportRow = Record<string, Cell>;
export type ColumnType = "string" | "number" | "date";

/** Columns of Apple's Sales report (SALES SUMMARY 1_0), in Apple's order. */
export const SALES_COLUMNS = [
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

/** Columns of the Subscription report (SUBSCRIPTION SUMMARY 1_3). */
export const SUBSCRIPTION_COLUMNS = [
  "App Name",
  "App Apple ID",
  "Subscription Name",
  "Subscription Apple ID",
  "Subscription Group ID",
  "Standard Subscription Duration",
  "Subscription Offer Name",
  "Promotional Offer ID",
  "Customer Price",
  "Customer Currency",
  "Developer Proceeds",
  "Proceeds Currency",
  "Preserved Pricing",
  "Proceeds Reason",
  "Client",
  "Device",
  "State",
  "Country",
  "Active Standard Price Subscriptions",
  "Active Free Trial Introductory Offer Subscriptions",
  "Active Pay Up Front Introductory Offer Subscriptions",
  "Active Pay As You Go Introductory Offer Subscriptions",
  "Free Trial Promotional Offer Subscriptions",
  "Pay Up Front Promotional Offer Subscriptions",
  "Pay As You Go Promotional Offer Subscriptions",
  "Free Trial Offer Code Subscriptions",
  "Pay Up Front Offer Code Subscriptions",
  "Pay As You Go Offer Code Subscriptions",
  "Marketing Opt-Ins",
  "Billing Retry",
  "Grace Period",
  "Subscribers",
] as const;

/** Columns of a per-region Financial report (FINANCIAL), followed by its `Total_*` trailer. */
export const FINANCIAL_COLUMNS = [
  "Start Date",
  "End Date",
  "UPC",
  "ISRC/ISBN",
  "Vendor Identifier",
  "Quantity",
  "Partner Share",
  "Extended Partner Share",
  "Partner Share Currency",
  "Sales or Return",
  "Apple Identifier",
  "Artist/Show/Developer/Author",
  "Title",
  "Label/Studio/Network/Developer/Publisher",
  "Grid",
  "Product Type Identifier",
  "ISAN/Other Identifier",
  "Country Of Sale",
  "Pre-order Flag",
  "Promo Code",
  "Customer Price",
  "Customer Currency",
] as const;

/**
 * Columns of the consolidated all-regions report (FINANCIAL, region ZZ): one line per region and
 * currency, modelled on the "financial report" of Payments and Financial Reports, which is where
 * Apple states the exchange rate it paid at.
 */
export const CONSOLIDATED_FINANCIAL_COLUMNS = [
  "Start Date",
  "End Date",
  "Region",
  "Region Currency",
  "Units Sold",
  "Earned",
  "Pre-Tax Subtotal",
  "Input Tax",
  "Adjustments",
  "Withholding Tax",
  "Total Owed",
  "Exchange Rate",
  "Proceeds",
  "Bank Account Currency",
] as const;

/** Columns of the transaction-level report (FINANCE_DETAIL, region Z1). */
export const FINANCE_DETAIL_COLUMNS = [
  "Transaction Date",
  "Settlement Date",
  "Apple Identifier",
  "SKU",
  "Title",
  "Developer Name",
  "Product Type Identifier",
  "Country of Sale",
  "Quantity",
  "Partner Share",
  "Extended Partner Share",
  "Partner Share Currency",
  "Customer Price",
  "Customer Currency",
  "Sale or Return",
  "Promo Code",
  "Order Type",
  "Region",
] as const;

// Identifiers stay strings even when they are all digits: they are names, not quantities.
const NUMBER_COLUMN =
  /^(Units|Units Sold|Quantity|Developer Proceeds|Customer Price|Partner Share|Extended Partner Share|Subscribers|Marketing Opt-Ins|Billing Retry|Grace Period|Earned|Pre-Tax Subtotal|Input Tax|Adjustments|Withholding Tax|Total Owed|Exchange Rate|Proceeds|Events|Days Before Canceling|Days Canceled|Consecutive Paid Periods|Installs|Sessions|Counts?|Active .*|Free Trial .*|Pay Up Front .*|Pay As You Go .*)$/i;
const DATE_COLUMN = /(^|\s)Date$/i;

/** The type of a column, from its name. */
export function columnType(name: string): ColumnType {
  if (DATE_COLUMN.test(name)) return "date";
  if (NUMBER_COLUMN.test(name)) return "number";
  return "string";
}

/** `12/31/2024` or `2024-12-31` as a UTC-midnight Date; other text is kept as it is. */
export function parseDateCell(text: string): Date | string {
  if (text.length === 10) {
    const c2 = text.charCodeAt(2);
    if (c2 === 47 /* / */ && text.charCodeAt(5) === 47) {
      const ms = Date.UTC(num4(text, 6), num2(text, 0) - 1, num2(text, 3));
      if (ms === ms) return new Date(ms);
    } else if (text.charCodeAt(4) === 45 /* - */ && text.charCodeAt(7) === 45) {
      const ms = Date.UTC(num4(text, 0), num2(text, 5) - 1, num2(text, 8));
      if (ms === ms) return new Date(ms);
    }
  }
  return text;
}

/** A number cell; Apple's consolidated reports may use thousands separators. Non-numbers stay text. */
export function parseNumberCell(text: string): number | string {
  const n = Number(text);
  if (n === n) return n;
  if (text.includes(",")) {
    const m = Number(text.replace(/,/g, ""));
    if (m === m) return m;
  }
  return text;
}

const digit = (s: string, i: number) => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};
const num2 = (s: string, i: number) => digit(s, i) * 10 + digit(s, i + 1);
const num4 = (s: string, i: number) => num2(s, i) * 100 + num2(s, i + 2);

/** A cell as text for CSV/TSV and tables: dates as YYYY-MM-DD. */
export function cellToText(cell: Cell): string {
  if (cell === null) return "";
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}

/** A row for JSON output: dates as YYYY-MM-DD, the rest unchanged. */
export function rowToJson(row: ReportRow): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const key in row) {
    const v = row[key]!;
    out[key] = v instanceof Date ? v.toISOString().slice(0, 10) : v;
  }
  return out;
}
