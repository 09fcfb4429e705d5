import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { gunzipStream } from "../../../src/workflows/reports/gunzip-stream.js";
import { rowToJson, type ReportRow } from "../../../src/workflows/reports/report-columns.js";
import { createReportParser, parseReportStream } from "../../../src/workflows/reports/report-parser.js";
import { createTrailerCheck, describeTotals, financeTotalColumns } from "../../../src/workflows/reports/trailer-check.js";
import { chunked, FINANCIAL_TSV, multiMember, SALES_TSV, SUBSCRIPTION_TSV } from "./report-fixtures.js";

async function parseAll(source: AsyncIterable<Uint8Array>, parser = createReportParser()): Promise<ReportRow[]> {
  const rows: ReportRow[] = [];
  for await (const batch of parseReportStream(gunzipStream(source), parser)) rows.push(...batch);
  return rows;
}

describe("report parser", () => {
  it("types a Sales report: numbers, dates, blanks as null, identifiers as text", async () => {
    const rows = await parseAll(chunked(gzipSync(SALES_TSV), 1 << 16));
    expect(rows).toHaveLength(4);
    const first = rows[0]!;
    expect(first.Units).toBe(12);
    expect(first["Developer Proceeds"]).toBe(0);
    expect(first["Begin Date"]).toEqual(new Date("2024-03-09T00:00:00Z"));
    expect(first["Apple Identifier"]).toBe("1234567890");
    expect(first["Promo Code"]).toBeNull();
    expect(first["Order Type"]).toBeNull();
    expect(rows[2]).toMatchObject({ "Product Type Identifier": "IA1", Units: 5, "Developer Proceeds": 2.09, "Customer Price": 2.99, "Parent Identifier": "com.example.weather", Version: null });
    expect(rows[3]!.Units).toBe(-1);
    expect(rowToJson(rows[1]!)).toMatchObject({ Title: "Café Pro", "Begin Date": "2024-03-09", "Customer Currency": "JPY", "Developer Proceeds": 1390 });
  });

  it("types a Subscription report by its column names", async () => {
    const rows = await parseAll(chunked(gzipSync(SUBSCRIPTION_TSV), 100));
    expect(rows[0]).toMatchObject({ "App Apple ID": "1234567890", "Customer Price": 4.99, "Developer Proceeds": 3.49, "Active Standard Price Subscriptions": 120, Subscribers: 136, "Standard Subscription Duration": "1 Month", "Promotional Offer ID": null });
  });

  it("decodes every gzip member of a body, not just the first", async () => {
    const body = multiMember(SALES_TSV, [200, 777, 1200]);
    expect(gzipSync(SALES_TSV).length).toBeLessThan(body.length);
    // Tiny chunks, so members and UTF-8 characters are split across chunk boundaries.
    for (const size of [1, 7, 64, 1 << 16]) {
      const rows = await parseAll(chunked(body, size));
      expect(rows.map((r) => r.Title)).toEqual(["Weather Pal", "Café Pro", "Radar Pack", "Radar Pack"]);
    }
  });

  it("removes the Total_* trailer of a financial report and checks the rows against it", async () => {
    const parser = createReportParser();
    const rows = await parseAll(chunked(multiMember(FINANCIAL_TSV, [300]), 50), parser);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r["Start Date"] instanceof Date)).toBe(true);
    expect(parser.trailer).toEqual({ Total_Rows: "2", Total_Amount: "62.91", Total_Units: "9" });
    const check = createTrailerCheck();
    rows.forEach((r) => check.add(r));
    expect(check.verify(parser.trailer)).toBe(true);
    expect(check.totals).toEqual({ rows: 2, amounts: { USD: 62.91 }, units: 9 });
    expect(check.checked).toEqual(["Total_Rows", "Total_Amount", "Total_Units"]);
  });

  it("adds up each finance layout in its own columns, per currency, with no totals for columns it lacks", async () => {
    // Consolidated ZZ: units sold and proceeds in the bank account currency; no Quantity column.
    const consolidated = createTrailerCheck(financeTotalColumns({ reportType: "FINANCIAL", regionCode: "ZZ" }));
    consolidated.add({ Region: "Americas (USD)", "Region Currency": "USD", "Units Sold": 120, "Total Owed": 300.5, Proceeds: 300.5, "Bank Account Currency": "USD" });
    consolidated.add({ Region: "Japan (JPY)", "Region Currency": "JPY", "Units Sold": 30, "Total Owed": 14000, Proceeds: 93.8, "Bank Account Currency": "USD" });
    expect(consolidated.totals).toEqual({ rows: 2, units: 150, amounts: { USD: 394.3 } });
    expect(describeTotals(consolidated.totals, "proceeds")).toBe("2 rows, 150 units, proceeds 394.30 USD");
    // FINANCE_DETAIL: several currencies are never added into one amount.
    const detail = createTrailerCheck(financeTotalColumns({ reportType: "FINANCE_DETAIL", regionCode: "Z1" }));
    detail.add({ Quantity: 2, "Extended Partner Share": 1.38, "Partner Share Currency": "EUR" });
    detail.add({ Quantity: 1, "Extended Partner Share": 112, "Partner Share Currency": "JPY" });
    detail.add({ Quantity: 3, "Extended Partner Share": 2.07, "Partner Share Currency": "USD" });
    expect(describeTotals(detail.totals, "partner share")).toBe("3 rows, 6 units, partner share 1.38 EUR, 112.00 JPY, 2.07 USD");
    expect(detail.verify({ Total_Rows: "3", Total_Units: "6" })).toBe(true);
    expect(detail.checked).toEqual(["Total_Rows", "Total_Units"]);
    // A layout without the default columns gives a row count, not "0 units, amount 0.00".
    const other = createTrailerCheck();
    other.add({ Region: "Americas (USD)", "Units Sold": 5 });
    expect(describeTotals(other.totals)).toBe("1 rows");
  });

  it("reports a file that does not add up to its trailer", () => {
    const check = createTrailerCheck();
    check.add({ Quantity: 10, "Extended Partner Share": 69.9 });
    expect(() => check.verify({ Total_Rows: "2", Total_Amount: "62.91", Total_Units: "9" })).toThrow(
      "The report does not add up: 1 rows, the trailer says 2; amount 69.90, the trailer says 62.91; 10 units, the trailer says 9.",
    );
    expect(check.verify({})).toBe(false);
  });

  it("handles CRLF line ends, a byte-order mark, blank lines and short lines", () => {
    const parser = createReportParser();
    const rows = [...parser.push("\uFEFFSKU\tUnits\tBegin Date\r\n\r\nsku-1\t3\t03/09/2024\r\nsku-2\r\n"), ...parser.finish()];
    expect(parser.columns).toEqual(["SKU", "Units", "Begin Date"]);
    expect(rows).toEqual([
      { SKU: "sku-1", Units: 3, "Begin Date": new Date("2024-03-09T00:00:00Z") },
      { SKU: "sku-2", Units: null, "Begin Date": null },
    ]);
  });

  it("keeps unparseable numbers and dates as text instead of inventing values", () => {
    const parser = createReportParser();
    const rows = [...parser.push("Units\tEnd Date\tPartner Share\nn/a\tsoon\t1,234.50"), ...parser.finish()];
    expect(rows[0]).toEqual({ Units: "n/a", "End Date": "soon", "Partner Share": 1234.5 });
  });

  it("cuts out only the selected columns", async () => {
    const parser = createReportParser({ select: ["Units", "Country Code", "Begin Date", "Nonexistent"] });
    const rows = await parseAll(chunked(gzipSync(SALES_TSV), 33), parser);
    expect(rows[1]).toEqual({ Units: 3, "Begin Date": new Date("2024-03-09T00:00:00Z"), "Country Code": "JP", Nonexistent: null });
  });

  it("passes a body that is not gzip through unchanged", async () => {
    const rows = await parseAll(chunked(Buffer.from(SALES_TSV), 500));
    expect(rows).toHaveLength(4);
  });

  it("fails on a truncated gzip body instead of returning part of it", async () => {
    const body = gzipSync(SALES_TSV);
    await expect(parseAll(chunked(body.subarray(0, body.length - 20), 64))).rejects.toThrow(/unexpected end of file/);
  });

  it("fails when the source fails mid-way", async () => {
    async function* broken() {
      yield gzipSync(SALES_TSV).subarray(0, 40);
      throw new Error("socket hang up");
    }
    await expect(parseAll(broken())).rejects.toThrow("socket hang up");
  });
});
