import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gzipReport } from "../../../src/emulator/reports/index.js";
import { fiscalPeriod } from "../../../src/emulator/reports/report-calendar.js";
import { FINANCIAL_COLUMNS, SALES_COLUMNS } from "../../../src/workflows/reports/report-columns.js";
import { ReportExpiredError, ReportNotAvailableError, ReportVersionError } from "../../../src/workflows/reports/report-errors.js";
import type { ReportRow } from "../../../src/workflows/reports/report-parser.js";
import { openSalesReport, resolveSalesReportTarget } from "../../../src/workflows/reports/sales-report.js";
import { openFinanceReport, resolveFinanceReportTarget } from "../../../src/workflows/reports/finance-report.js";
import { createTrailerCheck } from "../../../src/workflows/reports/trailer-check.js";
import type { ReportDownload } from "../../../src/workflows/reports/report-download.js";
import { startReportEmulator, type ReportEmulator } from "./report-emulator.js";

const NOW = Date.parse("2024-05-20T19:00:00Z"); // Monday 20 May, 12:00 PDT
const now = () => NOW;
const QUIET_DAY = "2024-05-12";
let env: ReportEmulator;

beforeAll(async () => {
  env = await startReportEmulator(now, { isNoSalesDay: (_vendor, day) => day === QUIET_DAY });
});
afterAll(() => env.close());

async function rowsOf(report: ReportDownload): Promise<ReportRow[]> {
  const rows: ReportRow[] = [];
  for await (const batch of report.rows()) rows.push(...batch);
  return rows;
}
const sales = (overrides: Record<string, string> = {}) => resolveSalesReportTarget({ vendorNumber: "85000001", reportType: "SALES", frequency: "DAILY", now, ...overrides });

describe("emulated sales reports", () => {
  it("serves yesterday's Pacific-time report with Apple's columns, typed and deterministic", async () => {
    const report = await openSalesReport(env.client, sales(), now);
    const rows = await rowsOf(report);
    expect(report.parser?.columns).toEqual([...SALES_COLUMNS]);
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.every((r) => (r["Begin Date"] as Date).toISOString() === "2024-05-19T00:00:00.000Z")).toBe(true);
    const paid = rows.find((r) => r.SKU === "WIDGET001" && r["Country Code"] === "US" && r["Product Type Identifier"] === "1F")!;
    expect(paid).toMatchObject({ Title: "Sample Widget Tools", "Customer Price": 2.99, "Developer Proceeds": 2.09, "Currency of Proceeds": "USD", Provider: "APPLE" });
    expect(typeof paid.Units).toBe("number");
    const iap = rows.find((r) => r["Product Type Identifier"] === "IA1")!;
    expect(iap["Parent Identifier"]).toMatch(/^(DEMO001|WIDGET001)$/);
    expect(rows.some((r) => r["Product Type Identifier"] === "IAY" && r.Subscription === "Renewal")).toBe(true);
    const again = await rowsOf(await openSalesReport(env.client, sales(), now));
    expect(again).toEqual(rows);
  });

  it("names the emulator's own apps: the seeded demo apps' names, SKUs, ids and build version", async () => {
    const apps = await env.client.collect<{ name: string; sku: string }>("GET /v1/apps");
    expect(apps.map((a) => a.attributes.name).sort()).toEqual(["Demo App", "Sample Widget Tools"]);
    const rows = await rowsOf(await openSalesReport(env.client, sales(), now));
    const skus = new Set(apps.map((a) => a.attributes.sku));
    for (const app of apps) {
      const line = rows.find((r) => r.SKU === app.attributes.sku && r["Product Type Identifier"] === "1F");
      expect(line).toMatchObject({ Title: app.attributes.name, "Apple Identifier": app.id });
    }
    // Every line is one of those apps or an in-app purchase of one of them.
    expect(rows.every((r) => skus.has(String(r.SKU)) || skus.has(String(r["Parent Identifier"])))).toBe(true);
    const demo = apps.find((a) => a.attributes.sku === "DEMO001")!;
    const versions = await env.client.collect<{ version: string }>("GET /v1/preReleaseVersions", { query: { "filter[app]": [demo.id] } });
    const demoLine = rows.find((r) => r.SKU === "DEMO001" && r["Product Type Identifier"] === "1F")!;
    expect(versions.map((v) => v.attributes.version)).toContain(demoLine.Version);
  });

  it("sends some days as several gzip members, which the client decodes completely", async () => {
    const members = (body: Buffer) => {
      let count = 1;
      let from = 0;
      // A real member boundary is a gzip header where the bytes before it decode on their own.
      for (let i = 1; i < body.length - 3; i++) {
        if (body[i] !== 0x1f || body[i + 1] !== 0x8b || body[i + 2] !== 0x08) continue;
        try {
          gunzipSync(body.subarray(from, i));
          count++;
          from = i;
        } catch {
          // compressed data that happens to look like a header
        }
      }
      return count;
    };
    const counts: number[] = [];
    for (const day of ["2024-05-13", "2024-05-14", "2024-05-15", "2024-05-16", "2024-05-17", "2024-05-18"]) {
      const query = { "filter[vendorNumber]": ["85000001"], "filter[reportType]": ["SALES"], "filter[reportSubType]": ["SUMMARY"], "filter[frequency]": ["DAILY"], "filter[reportDate]": [day], "filter[version]": ["1_0"] };
      const { body } = await env.client.download("GET /v1/salesReports", { query });
      counts.push(members(body));
      const rows = await rowsOf(await openSalesReport(env.client, sales({ reportDate: day }), now));
      expect(rows.length).toBe(gunzipSync(body).toString().trimEnd().split("\n").length - 1);
    }
    expect(Math.max(...counts)).toBeGreaterThan(1);
    expect(Math.min(...counts)).toBe(1);
  });

  it("answers a day without sales with Apple's 404, which the client reads as an empty report", async () => {
    const report = await openSalesReport(env.client, sales({ reportDate: QUIET_DAY }), now);
    expect(report.empty).toBe(true);
  });

  it("says today's report is not available yet", async () => {
    const error = await openSalesReport(env.client, sales({ reportDate: "2024-05-20" }), now).catch((e) => e);
    expect(error).toBeInstanceOf(ReportNotAvailableError);
    expect(new Date(error.retryAt).toISOString()).toBe("2024-05-21T15:00:00.000Z");
  });

  it("answers 410 for a daily report older than a year", async () => {
    const error = await openSalesReport(env.client, sales({ reportDate: "2023-04-01" }), now).catch((e) => e);
    expect(error).toBeInstanceOf(ReportExpiredError);
    expect(error.cause.status).toBe(410);
  });

  it("answers 400 naming the latest version, and the client says which --version to use", async () => {
    const error = await openSalesReport(env.client, sales({ reportType: "SUBSCRIPTION", version: "1_4" }), now).catch((e) => e);
    expect(error).toBeInstanceOf(ReportVersionError);
    expect(error.hint).toBe("Re-run with --version 1_3.");
    expect(error.cause.detail).toBe("The version parameter you have specified is invalid. The latest version for this report is 1_3.");
  });

  it("asks for a version on subscription reports sent without one", async () => {
    const error = await env.client
      .download("GET /v1/salesReports", { query: { "filter[vendorNumber]": ["85000001"], "filter[reportType]": ["SUBSCRIPTION"], "filter[reportSubType]": ["SUMMARY"], "filter[frequency]": ["DAILY"] } })
      .catch((e) => e);
    expect(error.status).toBe(400);
    expect(error.detail).toBe("Please include the version parameter. The latest version for this report is 1_3.");
  });

  it("refuses combinations outside Apple's table", async () => {
    const error = await env.client
      .download("GET /v1/salesReports", { query: { "filter[vendorNumber]": ["85000001"], "filter[reportType]": ["SUBSCRIPTION"], "filter[reportSubType]": ["SUMMARY"], "filter[frequency]": ["WEEKLY"], "filter[version]": ["1_3"] } })
      .catch((e) => e);
    expect(error.status).toBe(400);
    expect(error.code).toBe("PARAMETER_ERROR.INVALID");
    expect(error.source).toEqual({ parameter: "filter[frequency]" });
  });

  it("adds days up into weekly and monthly reports", async () => {
    const daily = await rowsOf(await openSalesReport(env.client, sales({ reportDate: "2024-05-13" }), now));
    const weekly = await rowsOf(await openSalesReport(env.client, sales({ frequency: "WEEKLY", reportDate: "2024-05-19" }), now));
    const units = (rows: ReportRow[]) => rows.reduce((a, r) => a + (r.Units as number), 0);
    expect(units(weekly)).toBeGreaterThan(units(daily) * 4);
    expect((weekly[0]!["Begin Date"] as Date).toISOString().slice(0, 10)).toBe("2024-05-13");
    expect((weekly[0]!["End Date"] as Date).toISOString().slice(0, 10)).toBe("2024-05-19");
  });

  it("serves subscription reports with Apple's layout", async () => {
    const rows = await rowsOf(await openSalesReport(env.client, sales({ reportType: "SUBSCRIPTION" }), now));
    expect(rows[0]).toMatchObject({ "App Name": "Demo App", "Subscription Name": "Demo Plus Monthly", "Standard Subscription Duration": "1 Month" });
    expect(typeof rows[0]!.Subscribers).toBe("number");
  });
});

describe("emulated finance reports", () => {
  const finance = (overrides: Record<string, string> = {}) => resolveFinanceReportTarget({ vendorNumber: "85000001", now, ...(overrides.fiscalPeriod ? {} : { month: "2024-03" }), ...overrides });
  const days = (rows: ReportRow[], column: string) => [...new Set(rows.map((r) => (r[column] as Date).toISOString().slice(0, 10)))].sort();

  it("serves a region's FINANCIAL report whose rows add up to its Total_* trailer", async () => {
    const report = await openFinanceReport(env.client, finance({ regionCode: "US" }), now);
    const rows = await rowsOf(report);
    expect(report.parser?.columns).toEqual([...FINANCIAL_COLUMNS]);
    const check = createTrailerCheck();
    rows.forEach((r) => check.add(r));
    expect(check.verify(report.parser!.trailer)).toBe(true);
    expect(Number(report.parser!.trailer.Total_Rows)).toBe(rows.length);
    // The rows cover Apple's fiscal March (3–30 March 2024), not the calendar month.
    expect((rows[0]!["Start Date"] as Date).toISOString().slice(0, 10)).toBe("2024-03-03");
    expect((rows[0]!["End Date"] as Date).toISOString().slice(0, 10)).toBe("2024-03-30");
    expect(rows.every((r) => r["Partner Share Currency"] === "USD")).toBe(true);
  });

  it("consolidates all regions for ZZ with the exchange rate of each currency", async () => {
    const rows = await rowsOf(await openFinanceReport(env.client, finance(), now));
    const euro = rows.find((r) => r["Region Currency"] === "EUR")!;
    expect(euro).toMatchObject({ Region: "Euro-Zone (EUR)", "Exchange Rate": 1.08, "Bank Account Currency": "USD" });
    expect(euro.Proceeds).toBeCloseTo((euro["Total Owed"] as number) * 1.08, 1);
  });

  it("serves FINANCE_DETAIL for Z1 only", async () => {
    const report = await openFinanceReport(env.client, finance({ reportType: "FINANCE_DETAIL" }), now);
    const rows = await rowsOf(report);
    expect(new Set(rows.map((r) => r.Region)).size).toBeGreaterThan(3);
    expect(Number(report.parser!.trailer.Total_Rows)).toBe(rows.length);
    const error = await env.client
      .download("GET /v1/financeReports", { query: { "filter[vendorNumber]": ["85000001"], "filter[reportType]": ["FINANCE_DETAIL"], "filter[regionCode]": ["US"], "filter[reportDate]": ["2024-03"] } })
      .catch((e) => e);
    expect(error.status).toBe(400);
    expect(error.source).toEqual({ parameter: "filter[regionCode]" });
  });

  it("reads filter[reportDate] as Apple's fiscal year and period, not as a calendar month", async () => {
    // Period 03 of fiscal 2024 is fiscal December 2023 (3–30 December), period 06 fiscal March 2024.
    const december = await rowsOf(await openFinanceReport(env.client, finance({ fiscalPeriod: "2024-03", regionCode: "US" }), now));
    expect(days(december, "Start Date")).toEqual(["2023-12-03"]);
    expect(days(december, "End Date")).toEqual(["2023-12-30"]);
    const march = await rowsOf(await openFinanceReport(env.client, finance({ fiscalPeriod: "2024-06", regionCode: "US" }), now));
    expect(days(march, "Start Date")).toEqual(["2024-03-03"]);
    // FINANCE_DETAIL: every transaction inside the period, settled on its last day; period 01 is fiscal October 2023.
    const october = await rowsOf(await openFinanceReport(env.client, finance({ fiscalPeriod: "2024-01", reportType: "FINANCE_DETAIL" }), now));
    const transactions = days(october, "Transaction Date");
    expect(transactions[0]! >= "2023-10-01" && transactions.at(-1)! <= "2023-11-04").toBe(true);
    expect(transactions.length).toBeGreaterThan(28);
    expect(days(october, "Settlement Date")).toEqual(["2023-11-04"]);
  });

  it("answers 'no sales' for a fiscal month that has not closed, which the client reports as not available until it is due", async () => {
    const raw = (reportDate: string) =>
      env.client
        .download("GET /v1/financeReports", { query: { "filter[vendorNumber]": ["85000001"], "filter[reportType]": ["FINANCIAL"], "filter[regionCode]": ["ZZ"], "filter[reportDate]": [reportDate] } })
        .catch((e) => e);
    // 2024-08 is fiscal May (5 May – 1 June 2024), still running; 2025-01 has not begun.
    expect(await raw("2024-08")).toMatchObject({ status: 404, detail: "There were no sales for the date specified." });
    expect(await raw("2025-01")).toMatchObject({ status: 404, detail: "There were no sales for the date specified." });
    // 2024-05 is fiscal February, long settled: the calendar reading (May) would refuse it.
    expect((await raw("2024-05")).status).toBe(200);
    // Fiscal May runs 5 May – 1 June 2024; its reports are due Friday 7 June at 8:00 PDT.
    const error = await openFinanceReport(env.client, finance({ month: "2024-05" }), now).catch((e) => e);
    expect(error).toBeInstanceOf(ReportNotAvailableError);
    expect(error.retryAt).toBe(Date.parse("2024-06-07T15:00:00Z"));
  });
});

describe("emulator helpers", () => {
  it("writes several gzip members that decode to the whole text", () => {
    const text = Array.from({ length: 50 }, (_, i) => `line ${i}\tvalue`).join("\n") + "\n";
    const body = gzipReport(text, 3);
    expect(gunzipSync(body).toString()).toBe(text);
    // The first member alone holds only part of the text.
    let members = 0;
    for (let i = 0; i < body.length - 2; i++) if (body[i] === 0x1f && body[i + 1] === 0x8b && body[i + 2] === 0x08) members++;
    expect(members).toBe(3);
  });

  it("knows Apple's fiscal periods (YYYY-PP, 01 = October of the year before)", () => {
    expect(fiscalPeriod("2024-01")).toEqual({ first: "2023-10-01", last: "2023-11-04" }); // fiscal October 2023
    expect(fiscalPeriod("2024-04")).toEqual({ first: "2023-12-31", last: "2024-02-03" }); // fiscal January 2024
    expect(fiscalPeriod("2024-05")).toEqual({ first: "2024-02-04", last: "2024-03-02" }); // fiscal February 2024
    expect(fiscalPeriod("2024-12")).toEqual({ first: "2024-09-01", last: "2024-09-28" }); // fiscal September 2024
    expect(fiscalPeriod("2025-01")).toEqual({ first: "2024-09-29", last: "2024-11-02" }); // fiscal October 2024
    // Fiscal 2023 had 53 weeks, the extra one in the first quarter (Apple's 10-K), which ended on
    // 31 December 2022; the second quarter ended on 1 April 2023 (Apple's 10-Q), September is 4 weeks.
    expect(fiscalPeriod("2023-03")).toEqual({ first: "2022-11-27", last: "2022-12-31" });
    expect(fiscalPeriod("2023-06")).toEqual({ first: "2023-03-05", last: "2023-04-01" });
    expect(fiscalPeriod("2023-12")).toEqual({ first: "2023-09-03", last: "2023-09-30" });
  });
});
