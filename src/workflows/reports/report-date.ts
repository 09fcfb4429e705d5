import { ValidationError } from "../../errors/asckit-error.js";
import { addDays, isValidDay, pacificDay, pacificWallTimeToEpoch, pacificYesterday, weekday, type IsoDay } from "./pacific-time.js";
import type { ReportFrequency } from "./sales-report-kinds.js";

/**
 * Apple publishes a day's reports the next morning, Pacific time ("generally available by
 * 8 a.m. PT"); a missing report is worth asking for again after that hour.
 */
export const PUBLISH_HOUR_PACIFIC = 8;

/**
 * The newest period Apple can have a report for, as `reportDate` for that frequency: yesterday
 * (DAILY), the week ending on the latest Sunday up to yesterday (WEEKLY; Apple's weeks run
 * Monday–Sunday), last month (MONTHLY), last year (YEARLY) — all in Pacific time.
 */
export function defaultReportDate(frequency: ReportFrequency, nowMs: number): string {
  const yesterday = pacificYesterday(nowMs);
  switch (frequency) {
    case "DAILY":
      return yesterday;
    case "WEEKLY":
      return addDays(yesterday, -weekday(yesterday));
    case "MONTHLY": {
      const [y, m] = pacificDay(nowMs).split("-").map(Number) as [number, number];
      return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
    }
    case "YEARLY":
      return String(Number(pacificDay(nowMs).slice(0, 4)) - 1);
  }
}

/**
 * Checks `--date` for a frequency and returns Apple's form: `YYYY-MM-DD` (DAILY), the week-ending
 * Sunday (WEEKLY), `YYYY-MM` (MONTHLY), `YYYY` (YEARLY). A full day is accepted for MONTHLY and
 * YEARLY and shortened, since that is what people type.
 */
export function normalizeReportDate(frequency: ReportFrequency, text: string): string {
  const value = text.trim();
  const bad = (expected: string, hint?: string) =>
    new ValidationError(`Bad --date "${text}" for a ${frequency} report: expected ${expected}.`, { field: "--date", category: "usage", hint });
  switch (frequency) {
    case "DAILY":
      if (!isValidDay(value)) throw bad("YYYY-MM-DD");
      return value;
    case "WEEKLY": {
      if (!isValidDay(value)) throw bad("YYYY-MM-DD of the Sunday that ends the week");
      const wd = weekday(value);
      if (wd !== 0) throw bad("the Sunday that ends the week (Apple's weeks run Monday to Sunday)", `Use --date ${addDays(value, 7 - wd)} for the week containing ${value}.`);
      return value;
    }
    case "MONTHLY": {
      const month = /^\d{4}-\d{2}$/.test(value) ? value : isValidDay(value) ? value.slice(0, 7) : undefined;
      if (!month || !isValidDay(`${month}-01`)) throw bad("YYYY-MM");
      return month;
    }
    case "YEARLY": {
      const year = /^\d{4}$/.test(value) ? value : isValidDay(value) ? value.slice(0, 4) : undefined;
      if (!year) throw bad("YYYY");
      return year;
    }
  }
}

/** The first and last calendar day a report covers. */
export function reportPeriod(frequency: ReportFrequency, reportDate: string): { first: IsoDay; last: IsoDay } {
  switch (frequency) {
    case "DAILY":
      return { first: reportDate, last: reportDate };
    case "WEEKLY":
      return { first: addDays(reportDate, -6), last: reportDate };
    case "MONTHLY": {
      const first = `${reportDate}-01`;
      const [y, m] = reportDate.split("-").map(Number) as [number, number];
      const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
      return { first, last: addDays(next, -1) };
    }
    case "YEARLY":
      return { first: `${reportDate}-01-01`, last: `${reportDate}-12-31` };
  }
}

/**
 * When to ask again for a report Apple says is not available yet: 8 a.m. Pacific the day after its
 * period ends, or one hour from now if that moment has passed (Apple is running late).
 */
export function retryAfterFor(frequency: ReportFrequency, reportDate: string, nowMs: number): number {
  const { last } = reportPeriod(frequency, reportDate);
  const expected = pacificWallTimeToEpoch(addDays(last, 1), PUBLISH_HOUR_PACIFIC);
  return expected > nowMs ? expected : nowMs + 3_600_000;
}
