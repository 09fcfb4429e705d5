import { describe, expect, it } from "vitest";
import { addDays, pacificDay, pacificWallTimeToEpoch, pacificYesterday } from "../../../src/workflows/reports/pacific-time.js";
import { defaultReportDate, normalizeReportDate, reportPeriod, retryAfterFor } from "../../../src/workflows/reports/report-date.js";
import { describeRetryAt } from "../../../src/workflows/reports/retry-time.js";

const at = (iso: string) => Date.parse(iso);

describe("Pacific-time defaults (fake clock)", () => {
  it("takes yesterday in Los Angeles, not in UTC", () => {
    // 06:30 UTC on 10 March is still 9 March (22:30 PST) in Los Angeles.
    expect(pacificDay(at("2024-03-10T06:30:00Z"))).toBe("2024-03-09");
    expect(defaultReportDate("DAILY", at("2024-03-10T06:30:00Z"))).toBe("2024-03-08");
    // 08:30 UTC is 00:30 PST on 10 March: the day has turned.
    expect(defaultReportDate("DAILY", at("2024-03-10T08:30:00Z"))).toBe("2024-03-09");
  });

  it("follows daylight saving time (UTC-7 in summer)", () => {
    expect(pacificYesterday(at("2024-07-02T06:59:00Z"))).toBe("2024-06-30");
    expect(pacificYesterday(at("2024-07-02T07:00:00Z"))).toBe("2024-07-01");
  });

  it("defaults WEEKLY to the Sunday ending the newest complete week", () => {
    // Pacific today is Sunday 10 March; yesterday (Saturday) is inside the week ending 10 March.
    expect(defaultReportDate("WEEKLY", at("2024-03-10T20:00:00Z"))).toBe("2024-03-03");
    // Pacific today is Monday 11 March: the week ending Sunday 10 March is complete.
    expect(defaultReportDate("WEEKLY", at("2024-03-11T20:00:00Z"))).toBe("2024-03-10");
  });

  it("defaults MONTHLY and YEARLY to the previous period in Pacific time", () => {
    // 1 January 05:00 UTC is still 31 December in Los Angeles.
    expect(defaultReportDate("MONTHLY", at("2024-01-01T05:00:00Z"))).toBe("2023-11");
    expect(defaultReportDate("MONTHLY", at("2024-01-01T09:00:00Z"))).toBe("2023-12");
    expect(defaultReportDate("YEARLY", at("2024-01-01T05:00:00Z"))).toBe("2022");
    expect(defaultReportDate("YEARLY", at("2024-01-01T09:00:00Z"))).toBe("2023");
  });
});

describe("report dates by frequency", () => {
  it("normalizes each frequency to Apple's format", () => {
    expect(normalizeReportDate("DAILY", "2024-02-29")).toBe("2024-02-29");
    expect(normalizeReportDate("WEEKLY", "2024-03-10")).toBe("2024-03-10");
    expect(normalizeReportDate("MONTHLY", "2024-03")).toBe("2024-03");
    expect(normalizeReportDate("MONTHLY", "2024-03-17")).toBe("2024-03");
    expect(normalizeReportDate("YEARLY", "2023")).toBe("2023");
  });

  it("refuses dates that do not fit, with the fix in the hint", () => {
    expect(() => normalizeReportDate("DAILY", "2023-02-29")).toThrow('Bad --date "2023-02-29" for a DAILY report: expected YYYY-MM-DD.');
    expect(() => normalizeReportDate("DAILY", "03/09/2024")).toThrow("expected YYYY-MM-DD");
    try {
      normalizeReportDate("WEEKLY", "2024-03-06");
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain("Sunday");
      expect((error as { hint: string }).hint).toBe("Use --date 2024-03-10 for the week containing 2024-03-06.");
    }
    expect(() => normalizeReportDate("MONTHLY", "2024-13")).toThrow("expected YYYY-MM");
    expect(() => normalizeReportDate("YEARLY", "24")).toThrow("expected YYYY");
  });

  it("knows the days each report covers", () => {
    expect(reportPeriod("WEEKLY", "2024-03-10")).toEqual({ first: "2024-03-04", last: "2024-03-10" });
    expect(reportPeriod("MONTHLY", "2024-02")).toEqual({ first: "2024-02-01", last: "2024-02-29" });
    expect(reportPeriod("MONTHLY", "2023-12")).toEqual({ first: "2023-12-01", last: "2023-12-31" });
    expect(reportPeriod("YEARLY", "2023")).toEqual({ first: "2023-01-01", last: "2023-12-31" });
  });

  it("converts Pacific wall time to instants across DST", () => {
    expect(new Date(pacificWallTimeToEpoch("2024-01-16", 8)).toISOString()).toBe("2024-01-16T16:00:00.000Z");
    expect(new Date(pacificWallTimeToEpoch("2024-03-10", 8)).toISOString()).toBe("2024-03-10T15:00:00.000Z");
    expect(new Date(pacificWallTimeToEpoch("2024-11-03", 8)).toISOString()).toBe("2024-11-03T16:00:00.000Z");
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
  });

  it("says when to ask again for a report not published yet", () => {
    const now = at("2024-03-09T20:00:00Z");
    const retry = retryAfterFor("DAILY", "2024-03-09", now);
    expect(new Date(retry).toISOString()).toBe("2024-03-10T15:00:00.000Z");
    expect(describeRetryAt(retry)).toBe("2024-03-10 08:00 Pacific (2024-03-10 15:00 UTC)");
    // Past the usual hour already: Apple is late, so one hour from now.
    expect(retryAfterFor("DAILY", "2024-03-09", at("2024-03-10T18:00:00Z"))).toBe(at("2024-03-10T19:00:00Z"));
  });
});
