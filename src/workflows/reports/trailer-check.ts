import type { ReportRow } from "./report-columns.js";
import { ReportIntegrityError } from "./report-errors.js";
import type { ReportTrailer } from "./report-parser.js";

/** Which columns of a finance layout hold the units, the amount and the amount's currency. */
export interface FinanceTotalColumns {
  units: string;
  amount: string;
  currency: string;
  /** What the amount is, for the totals line. */
  label: string;
}

/** Per-region FINANCIAL and FINANCE_DETAIL: `Quantity` × `Partner Share` = `Extended Partner Share`, in the line's currency. */
const PARTNER_SHARE: FinanceTotalColumns = { units: "Quantity", amount: "Extended Partner Share", currency: "Partner Share Currency", label: "partner share" };
/** Consolidated ZZ: one line per region; `Proceeds` is `Total Owed` converted into the bank account currency. */
const CONSOLIDATED: FinanceTotalColumns = { units: "Units Sold", amount: "Proceeds", currency: "Bank Account Currency", label: "proceeds" };

/** The columns worth adding up in a finance report of this type and region. */
export function financeTotalColumns(target: { reportType: string; regionCode: string }): FinanceTotalColumns {
  return target.reportType === "FINANCIAL" && target.regionCode === "ZZ" ? CONSOLIDATED : PARTNER_SHARE;
}

export interface TrailerTotals {
  rows: number;
  /** Sum of the units column; undefined when the report has no such column. */
  units?: number;
  /** Sum of the amount column per currency (one key for a single-currency report); empty without an amount column. */
  amounts: Record<string, number>;
}

export interface TrailerCheck {
  add(row: ReportRow): void;
  readonly totals: TrailerTotals;
  /**
   * Compares the rows with the report's own `Total_Rows`, `Total_Amount` and `Total_Units`;
   * throws ReportIntegrityError on a mismatch. Returns false when the report had no trailer.
   */
  verify(trailer: ReportTrailer): boolean;
  /** The trailer lines `verify` compared (e.g. Total_Rows, Total_Units), for saying what matched. */
  readonly checked: readonly string[];
}

/**
 * Adds up a finance report while it streams by, per currency: adding euros to yen says nothing, so
 * a report with several currencies (FINANCE_DETAIL) gets one amount per currency. Columns the layout
 * lacks give no total at all rather than a zero. Amounts are summed in hundredths, so a long report
 * does not drift.
 */
export function createTrailerCheck(columns: Partial<FinanceTotalColumns> = {}): TrailerCheck {
  const { units: unitsColumn, amount: amountColumn, currency: currencyColumn } = { ...PARTNER_SHARE, ...columns };
  let rows = 0;
  let units: number | undefined;
  const cents = new Map<string, number>();
  const checked: string[] = [];
  return {
    add(row) {
      rows++;
      const amount = row[amountColumn];
      if (typeof amount === "number") {
        const currency = String(row[currencyColumn] ?? "");
        cents.set(currency, (cents.get(currency) ?? 0) + Math.round(amount * 100));
      }
      const qty = row[unitsColumn];
      if (typeof qty === "number") units = (units ?? 0) + qty;
      else if (unitsColumn in row && units === undefined) units = 0;
    },
    get totals() {
      const amounts: Record<string, number> = {};
      for (const [currency, c] of [...cents.entries()].sort(([a], [b]) => a.localeCompare(b))) amounts[currency] = c / 100;
      return { rows, ...(units !== undefined ? { units } : {}), amounts };
    },
    checked,
    verify(trailer) {
      const expected = {
        rows: numberOf(trailer.Total_Rows),
        amount: numberOf(trailer.Total_Amount),
        units: numberOf(trailer.Total_Units),
      };
      if (expected.rows === undefined && expected.amount === undefined && expected.units === undefined) return false;
      const problems: string[] = [];
      checked.length = 0;
      if (expected.rows !== undefined) {
        checked.push("Total_Rows");
        if (expected.rows !== rows) problems.push(`${rows} rows, the trailer says ${expected.rows}`);
      }
      if (expected.amount !== undefined) {
        // Apple's Total_Amount is one number: it can only be the sum of a single-currency report.
        if (cents.size > 1) problems.push(`amounts in ${[...cents.keys()].join(", ")}, but the trailer gives one Total_Amount`);
        const sum = [...cents.values()].reduce((a, c) => a + c, 0);
        checked.push("Total_Amount");
        if (Math.round(expected.amount * 100) !== sum) problems.push(`amount ${(sum / 100).toFixed(2)}, the trailer says ${expected.amount.toFixed(2)}`);
      }
      if (expected.units !== undefined) {
        checked.push("Total_Units");
        if (expected.units !== (units ?? 0)) problems.push(`${units ?? 0} units, the trailer says ${expected.units}`);
      }
      if (problems.length) {
        throw new ReportIntegrityError(`The report does not add up: ${problems.join("; ")}.`, "The download may be incomplete: fetch the report again.");
      }
      return true;
    },
  };
}

/** "12 rows, 30 units, partner share 62.91 USD": only the totals the layout has, amounts per currency. */
export function describeTotals(totals: TrailerTotals, label = "amount"): string {
  const parts = [`${totals.rows} rows`];
  if (totals.units !== undefined) parts.push(`${totals.units} units`);
  const amounts = Object.entries(totals.amounts).map(([currency, v]) => `${v.toFixed(2)}${currency ? ` ${currency}` : ""}`);
  if (amounts.length) parts.push(`${label} ${amounts.join(", ")}`);
  return parts.join(", ");
}

function numberOf(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const n = Number(text.replace(/,/g, ""));
  return Number.isFinite(n) ? n : undefined;
}
