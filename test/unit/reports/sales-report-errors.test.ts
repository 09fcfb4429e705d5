import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createClient } from "../../../src/client/index.js";
import { ReportExpiredError, ReportNotAvailableError, ReportVersionError } from "../../../src/workflows/reports/report-errors.js";
import { openSalesReport, resolveSalesReportTarget } from "../../../src/workflows/reports/sales-report.js";
import { openFinanceReport, resolveFinanceReportTarget } from "../../../src/workflows/reports/finance-report.js";
import { financeRegionWarning } from "../../../src/workflows/reports/finance-regions.js";
import { SALES_TSV } from "./report-fixtures.js";

// Apple's error bodies for the report endpoints, as reported by developers who hit them.
const appleError = (status: number, code: string, title: string, detail: string, parameter?: string) => ({
  errors: [{ id: "b2f3c1de-0000-4000-8000-000000000001", status: String(status), code, title, detail, ...(parameter ? { source: { parameter } } : {}) }],
});
const NO_SALES = appleError(404, "NOT_FOUND", "The specified resource does not exist", "There were no sales for the date specified.");
const NOT_YET = appleError(404, "NOT_FOUND", "The specified resource does not exist", "Report is not available yet. Please try again later.");
const EXPIRED = appleError(410, "GONE", "The requested resource is no longer available", "Report is no longer available. Daily reports are available for the last 365 days.");
const BAD_VERSION = appleError(400, "PARAMETER_ERROR.INVALID", "A parameter has an invalid value", "The version parameter you have specified is invalid. The latest version for this report is 1_4.", "filter[version]");

const NOW = Date.parse("2024-03-10T20:00:00Z"); // 10 March, 13:00 PDT

function clientAnswering(status: number, body: unknown, seen: string[] = []) {
  const fetchImpl = (async (input: string | URL | Request) => {
    seen.push(String(input));
    if (status === 200) return new Response(body as Buffer, { status, headers: { "Content-Type": "application/a-gzip" } });
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  }) as typeof fetch;
  return createClient({ baseUrl: "http://127.0.0.1:9", tokenProvider: { getToken: async () => "token", invalidate() {} }, fetch: fetchImpl, now: () => NOW, sleep: async () => {}, random: () => 0 });
}

const target = (overrides: Record<string, string> = {}) =>
  resolveSalesReportTarget({ vendorNumber: "85000001", reportType: "SALES", frequency: "DAILY", now: () => NOW, ...overrides });

describe("sales report answers", () => {
  it("sends Apple's filters with the Pacific-time default date and the default version", async () => {
    const seen: string[] = [];
    const report = await openSalesReport(clientAnswering(200, gzipSync(SALES_TSV), seen), target(), () => NOW);
    let rows = 0;
    for await (const batch of report.rows()) rows += batch.length;
    expect(rows).toBe(4);
    const url = new URL(seen[0]!);
    expect(url.pathname).toBe("/v1/salesReports");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      "filter[vendorNumber]": "85000001",
      "filter[reportType]": "SALES",
      "filter[reportSubType]": "SUMMARY",
      "filter[frequency]": "DAILY",
      "filter[reportDate]": "2024-03-09",
      "filter[version]": "1_0",
    });
  });

  it("turns 'no sales for the date' into an empty report", async () => {
    const report = await openSalesReport(clientAnswering(404, NO_SALES), target(), () => NOW);
    expect(report.empty).toBe(true);
    const batches = [];
    for await (const batch of report.rows()) batches.push(batch);
    expect(batches).toEqual([]);
  });

  it("says a report not published yet is not available, and when to try again", async () => {
    const error = await openSalesReport(clientAnswering(404, NOT_YET), target({ reportDate: "2024-03-10" }), () => NOW).catch((e) => e);
    expect(error).toBeInstanceOf(ReportNotAvailableError);
    expect(error.category).toBe("not_available");
    expect(error.message).toBe("The SALES SUMMARY DAILY report for 2024-03-10 is not available yet.");
    expect(new Date(error.retryAt).toISOString()).toBe("2024-03-11T15:00:00.000Z");
    expect(error.hint).toBe("Apple publishes reports the morning after the period ends; try again after 2024-03-11 08:00 Pacific (2024-03-11 15:00 UTC).");
  });

  it("says a 410 report has expired", async () => {
    const error = await openSalesReport(clientAnswering(410, EXPIRED), target({ reportDate: "2022-01-01" }), () => NOW).catch((e) => e);
    expect(error).toBeInstanceOf(ReportExpiredError);
    expect(error.message).toBe("The SALES SUMMARY DAILY report for 2022-01-01 has expired: Apple no longer serves it.");
    expect(error.hint).toContain("WEEKLY, MONTHLY or YEARLY");
  });

  it("says exactly which --version to use when Apple names the latest", async () => {
    const error = await openSalesReport(clientAnswering(400, BAD_VERSION), target({ reportType: "SUBSCRIPTION" }), () => NOW).catch((e) => e);
    expect(error).toBeInstanceOf(ReportVersionError);
    expect(error.category).toBe("usage");
    expect(error.latestVersion).toBe("1_4");
    expect(error.message).toBe("Apple refused version 1_3 of the SUBSCRIPTION SUMMARY report: the latest version is 1_4.");
    expect(error.hint).toBe("Re-run with --version 1_4.");
  });

  it("leaves other errors alone", async () => {
    const error = await openSalesReport(clientAnswering(403, appleError(403, "FORBIDDEN_ERROR", "This request is forbidden for security reasons", "The API key in use does not allow this request")), target(), () => NOW).catch((e) => e);
    expect(error.category).toBe("auth");
  });

  it("validates the vendor number before any request", () => {
    expect(() => target({ vendorNumber: "" })).toThrow("Bad vendor number");
    expect(() => target({ vendorNumber: "VENDOR" })).toThrow("Bad vendor number");
  });
});

describe("finance report answers and region rules", () => {
  const finance = (overrides: Record<string, string> = {}) => resolveFinanceReportTarget({ vendorNumber: "85000001", now: () => NOW, ...overrides });

  it("defaults to FINANCIAL for all regions (ZZ), FINANCE_DETAIL to Z1, and the newest published fiscal month", () => {
    // 10 March 2024: fiscal February (4 February – 2 March) was due Friday 8 March; Apple calls it period 05 of fiscal 2024.
    expect(finance()).toEqual({
      vendorNumber: "85000001",
      reportType: "FINANCIAL",
      regionCode: "ZZ",
      reportDate: "2024-05",
      month: { name: "2024-02", reportDate: "2024-05", first: "2024-02-04", last: "2024-03-02" },
    });
    expect(finance({ reportType: "FINANCE_DETAIL" }).regionCode).toBe("Z1");
    // A day picks the fiscal month containing it: 15 January 2024 is in fiscal January (31 December – 3 February).
    expect(finance({ regionCode: "us", month: "2024-01-15" })).toMatchObject({ regionCode: "US", reportDate: "2024-04", month: { name: "2024-01" } });
    expect(finance({ month: "2024-03-01" })).toMatchObject({ reportDate: "2024-05", month: { name: "2024-02" } });
  });

  it("translates --date (the month as people name it) into Apple's fiscal year and period, and takes --fiscal-period as is", async () => {
    const sent = async (overrides: Record<string, string>) => {
      const seen: string[] = [];
      await openFinanceReport(clientAnswering(404, NO_SALES, seen), finance(overrides), () => NOW).catch(() => undefined);
      expect(seen).toHaveLength(1);
      return new URL(seen[0]!).searchParams.get("filter[reportDate]");
    };
    expect(await sent({ month: "2024-02" })).toBe("2024-05");
    expect(await sent({ month: "2023-10" })).toBe("2024-01");
    expect(await sent({ month: "2023-12" })).toBe("2024-03");
    expect(await sent({ month: "2023-09" })).toBe("2023-12");
    expect(await sent({ fiscalPeriod: "2024-05" })).toBe("2024-05");
    expect(finance({ fiscalPeriod: "2024-01" }).month).toEqual({ name: "2023-10", reportDate: "2024-01", first: "2023-10-01", last: "2023-11-04" });
  });

  it("refuses a bad --date or --fiscal-period, and both at once, before any request", () => {
    expect(() => finance({ month: "2024-13" })).toThrow('Bad --date "2024-13": expected a fiscal month YYYY-MM');
    expect(() => finance({ month: "Feb 2024" })).toThrow(/Bad --date/);
    for (const bad of ["2024-00", "2024-13", "2024-5", "24-05", "2024-05-01"]) {
      expect(() => finance({ fiscalPeriod: bad }), bad).toThrow(`Bad --fiscal-period "${bad}": expected Apple's fiscal year and period, YYYY-PP, with PP from 01 (October) to 12 (September).`);
    }
    const both = (() => {
      try {
        return finance({ month: "2024-02", fiscalPeriod: "2024-05" });
      } catch (e) {
        return e as { message: string; category: string; field: string };
      }
    })();
    expect(both).toMatchObject({ message: "--date and --fiscal-period both name the month: pass one.", category: "usage", field: "--fiscal-period" });
  });

  it("refuses region codes the report type does not take", () => {
    expect(() => finance({ reportType: "FINANCE_DETAIL", regionCode: "US" })).toThrow("FINANCE_DETAIL reports exist only for region Z1, not US.");
    expect(() => finance({ regionCode: "Z1" })).toThrow("Region Z1 is only for FINANCE_DETAIL reports.");
    expect(() => finance({ regionCode: "USA" })).toThrow('Bad region code "USA": finance region codes are two letters (US, EU, JP, ZZ…) or Z1.');
    // Form only: a digit code other than letter+digit, or anything not alphanumeric, is refused locally.
    for (const bad of ["12", "1Z", "U-", "", " "]) expect(() => finance({ regionCode: bad }), bad).toThrow(/Bad region code/);
    expect(() => finance({ reportType: "FINANCE_DETAIL", regionCode: "ZZ" })).toThrow("FINANCE_DETAIL reports exist only for region Z1, not ZZ.");
    expect(finance({ regionCode: " eu " }).regionCode).toBe("EU");
  });

  it("warns about a well-formed region code that is not in Apple's list, without refusing it", () => {
    expect(finance({ regionCode: "XX" }).regionCode).toBe("XX");
    expect(financeRegionWarning("XX")).toMatch(/^XX is not one of Apple's finance report regions .*; asking Apple anyway\.$/);
    for (const known of ["US", "EU", "JP", "LL", "ZZ", "Z1", "WW", "GB", "AE"]) expect(financeRegionWarning(known), known).toBeUndefined();
  });

  it("makes Apple's 'no sales' for a month whose reports are not due yet a not-available error with the due time", async () => {
    // 10 March: fiscal March (3–30 March, period 06) has not ended; its reports are due Friday 5 April, 8:00 PDT.
    const error = await openFinanceReport(clientAnswering(404, NO_SALES), finance({ month: "2024-03" }), () => NOW).catch((e) => e);
    expect(error).toBeInstanceOf(ReportNotAvailableError);
    expect(error.category).toBe("not_available");
    expect(error.message).toBe("The FINANCIAL ZZ report for fiscal March 2024 (reportDate 2024-06) is not available yet: the month runs 2024-03-03 to 2024-03-30 and has not ended yet.");
    expect(error.retryAt).toBe(Date.parse("2024-04-05T15:00:00Z"));
    expect(error.hint).toBe("Apple has a fiscal month's finance reports ready by the first Friday after it ends; try again after 2024-04-05 08:00 Pacific (2024-04-05 15:00 UTC).");
    // Apple's explicit "not available yet" past the due time: ask again in a day.
    const late = await openFinanceReport(clientAnswering(404, NOT_YET), finance({ month: "2024-01" }), () => NOW).catch((e) => e);
    expect(late).toBeInstanceOf(ReportNotAvailableError);
    expect(late.retryAt).toBe(NOW + 24 * 3_600_000);
  });

  it("treats Apple's 'no sales' finance answer as an empty report", async () => {
    const report = await openFinanceReport(clientAnswering(404, NO_SALES), finance(), () => NOW);
    expect(report.empty).toBe(true);
  });
});
