// The client's own reading of Apple's fiscal calendar (finance reports), checked against dates Apple
// published: fiscal year ends (10-K), quarter ends (10-Q), and when a month's reports are due.
import { describe, expect, it } from "vitest";
import {
  describeFiscalMonth,
  financeReportsDueAt,
  fiscalMonth,
  fiscalMonthOfDay,
  fiscalMonthOfReportDate,
  fiscalMonthsOf,
  fiscalYearEnd,
  latestPublishedFiscalMonth,
  previousFiscalMonth,
} from "../../../src/workflows/reports/fiscal-calendar.js";
import { resolveFinanceReportTarget } from "../../../src/workflows/reports/finance-report.js";

const at = (iso: string) => Date.parse(iso);

describe("Apple's fiscal calendar", () => {
  it("ends the year on the last Saturday of September", () => {
    expect([2022, 2023, 2024, 2025].map(fiscalYearEnd)).toEqual(["2022-09-24", "2023-09-30", "2024-09-28", "2025-09-27"]);
  });

  it("has 5-4-4-week months, named after the calendar month they mostly cover", () => {
    const fy2024 = fiscalMonthsOf(2024);
    expect(fy2024.map((m) => m.name)).toEqual(["2023-10", "2023-11", "2023-12", "2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-07", "2024-08", "2024-09"]);
    expect(fy2024[0]).toEqual({ name: "2023-10", reportDate: "2024-01", first: "2023-10-01", last: "2023-11-04" });
    expect(fiscalMonth("2024-03")).toEqual({ name: "2024-03", reportDate: "2024-06", first: "2024-03-03", last: "2024-03-30" }); // Q2 FY2024 ended 30 March 2024 (10-Q)
    expect(fiscalMonth("2024-09")).toEqual({ name: "2024-09", reportDate: "2024-12", first: "2024-09-01", last: "2024-09-28" });
  });

  it("puts a 53rd week at the end of the first quarter (December), not in September", () => {
    expect(fiscalMonth("2022-12")).toEqual({ name: "2022-12", reportDate: "2023-03", first: "2022-11-27", last: "2022-12-31" }); // Q1 FY2023 ended 31 December 2022
    expect(fiscalMonth("2023-03").last).toBe("2023-04-01"); // Q2 FY2023 ended 1 April 2023 (10-Q)
    expect(fiscalMonth("2023-09")).toEqual({ name: "2023-09", reportDate: "2023-12", first: "2023-09-03", last: "2023-09-30" });
  });

  it("names each month for Apple's reportDate by fiscal year and period, 01 = October", () => {
    // Ponytech/appstoreconnectapi#63: "if I pass 2024-05 I get a report for 2024-02 … Period 5 = February 2024".
    expect(fiscalMonth("2024-02").reportDate).toBe("2024-05");
    expect(fiscalMonthOfReportDate("2024-05")).toEqual({ name: "2024-02", reportDate: "2024-05", first: "2024-02-04", last: "2024-03-02" });
    // October to December belong to the next fiscal year, both ways.
    expect(["2023-09", "2023-10", "2023-11", "2023-12", "2024-01"].map((n) => fiscalMonth(n).reportDate)).toEqual(["2023-12", "2024-01", "2024-02", "2024-03", "2024-04"]);
    expect(["2023-12", "2024-01", "2024-02", "2024-03", "2024-04"].map((r) => fiscalMonthOfReportDate(r).name)).toEqual(["2023-09", "2023-10", "2023-11", "2023-12", "2024-01"]);
    // Not the calendar month: reportDate 2024-03 is December 2023.
    expect(fiscalMonthOfReportDate("2024-03")).toEqual({ name: "2023-12", reportDate: "2024-03", first: "2023-12-03", last: "2023-12-30" });
    // The 53-week fiscal 2023: period 03 is the 5-week December, 27 November – 31 December 2022.
    expect(fiscalMonthOfReportDate("2023-03")).toEqual(fiscalMonth("2022-12"));
    expect(fiscalMonthOfReportDate("2023-04")).toEqual({ name: "2023-01", reportDate: "2023-04", first: "2023-01-01", last: "2023-02-04" });
    for (const year of [2022, 2023, 2024, 2025]) {
      for (const month of fiscalMonthsOf(year)) {
        expect(fiscalMonthOfReportDate(month.reportDate), month.reportDate).toEqual(month);
        expect(fiscalMonth(month.name), month.name).toEqual(month);
      }
    }
  });

  it("describes a month by both names and its days", () => {
    expect(describeFiscalMonth(fiscalMonth("2024-02"))).toBe("fiscal February 2024 (2024-02-04 – 2024-03-02), reportDate 2024-05");
    expect(describeFiscalMonth(fiscalMonthOfReportDate("2025-01"))).toBe("fiscal October 2024 (2024-09-29 – 2024-11-02), reportDate 2025-01");
    expect(previousFiscalMonth(fiscalMonth("2024-10"))).toEqual(fiscalMonth("2024-09"));
    expect(previousFiscalMonth(fiscalMonth("2024-10")).reportDate).toBe("2024-12");
  });

  it("finds the fiscal month of a day across year ends", () => {
    expect(fiscalMonthOfDay("2024-09-28")).toMatchObject({ name: "2024-09", reportDate: "2024-12" });
    expect(fiscalMonthOfDay("2024-09-29")).toMatchObject({ name: "2024-10", reportDate: "2025-01" });
    expect(fiscalMonthOfDay("2024-05-04").name).toBe("2024-04");
    expect(fiscalMonthOfDay("2024-05-05").name).toBe("2024-05");
  });

  it("expects a month's reports on the first Friday after it ends, 8:00 Pacific", () => {
    // Fiscal April 2024 ends Saturday 4 May; Friday 10 May, 08:00 PDT.
    expect(financeReportsDueAt(fiscalMonth("2024-04"))).toBe(at("2024-05-10T15:00:00Z"));
    // Fiscal November 2024 ends Saturday 30 November; Friday 6 December, 08:00 PST.
    expect(financeReportsDueAt(fiscalMonth("2024-11"))).toBe(at("2024-12-06T16:00:00Z"));
  });

  it("defaults to the newest month whose reports are due, not the previous calendar month", () => {
    // 6 May 2024: fiscal April closed on 4 May but its reports are not due until 10 May.
    const latest = (iso: string) => latestPublishedFiscalMonth(at(iso)).name;
    expect(latest("2024-05-06T19:00:00Z")).toBe("2024-03");
    expect(latest("2024-05-10T14:59:00Z")).toBe("2024-03");
    expect(latest("2024-05-10T15:00:00Z")).toBe("2024-04");
    expect(latest("2024-05-20T19:00:00Z")).toBe("2024-04");
    // 2 January 2023: fiscal December 2022 (the 5-week one) ended 31 December; November it is.
    expect(latest("2023-01-02T19:00:00Z")).toBe("2022-11");
    // 8 October 2024, fiscal 2025 under way: fiscal September, the last period of fiscal 2024, was due Friday 4 October.
    expect(latestPublishedFiscalMonth(at("2024-10-08T19:00:00Z"))).toMatchObject({ name: "2024-09", reportDate: "2024-12" });
    // Sent as Apple's fiscal period: fiscal March 2024 is period 06 of fiscal 2024.
    expect(resolveFinanceReportTarget({ vendorNumber: "85000001", now: () => at("2024-05-06T19:00:00Z") })).toMatchObject({ reportDate: "2024-06", month: { name: "2024-03" } });
  });
});
