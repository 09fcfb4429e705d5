import type { ReportRow } from "./report-columns.js";
import { ReportIntegrityError } from "./report-errors.js";
import type { ReportTrailer } from "./report-parser.js";

export interface TrailerTotals {
  rows: number;
  amount: number;
  units: number;
}

export interface TrailerCheck {
  add(row: ReportRow): void;
  readonly totals: TrailerTotals;
  /**
   * Compares the rows with the report's own `Total_Rows`, `Total_Amount` and `Total_Units`;
   * throws ReportIntegrityError on a mismatch. Returns false when the report had no trailer.
   */
  verify(trailer: ReportTrailer): boolean;
}

/**
 * Adds up a financial report while it streams by. The amount is `Extended Partner Share` (what
 * Apple owes for the line) and the units are `Quantity`; amounts are summed in hundredths of a
 * unit so that a long report does not drift.
 */
export function createTrailerCheck(options: { amountColumn?: string; unitsColumn?: string } = {}): TrailerCheck {
  const amountColumn = options.amountColumn ?? "Extended Partner Share";
  const unitsColumn = options.unitsColumn ?? "Quantity";
  let rows = 0;
  let cents = 0;
  let units = 0;
  return {
    add(row) {
      rows++;
      const amount = row[amountColumn];
      if (typeof amount === "number") cents += Math.round(amount * 100);
      const qty = row[unitsColumn];
      if (typeof qty === "number") units += qty;
    },
    get totals() {
      return { rows, amount: cents / 100, units };
    },
    verify(trailer) {
      const expected = {
        rows: numberOf(trailer.Total_Rows),
        amount: numberOf(trailer.Total_Amount),
        units: numberOf(trailer.Total_Units),
      };
      if (expected.rows === undefined && expected.amount === undefined && expected.units === undefined) return false;
      const problems: string[] = [];
      if (expected.rows !== undefined && expected.rows !== rows) problems.push(`${rows} rows, the trailer says ${expected.rows}`);
      if (expected.amount !== undefined && Math.round(expected.amount * 100) !== cents) problems.push(`amount ${(cents / 100).toFixed(2)}, the trailer says ${expected.amount.toFixed(2)}`);
      if (expected.units !== undefined && expected.units !== units) problems.push(`${units} units, the trailer says ${expected.units}`);
      if (problems.length) {
        throw new ReportIntegrityError(`The report does not add up: ${problems.join("; ")}.`, "The download may be incomplete: fetch the report again.");
      }
      return true;
    },
  };
}

function numberOf(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const n = Number(text.replace(/,/g, ""));
  return Number.isFinite(n) ? n : undefined;
}
