import { addDays, pacificDay, pacificWallTimeToEpoch, weekday, type IsoDay } from "./pacific-time.js";
import { PUBLISH_HOUR_PACIFIC } from "./report-date.js";

/**
 * Apple's fiscal calendar, which finance reports follow (computed here, not shared with the
 * emulator, so that a misreading cannot make both sides agree):
 * - the fiscal year ends on the last Saturday of September (Apple's 10-K: "the 52- or 53-week
 *   period that ends on the last Saturday of September");
 * - each quarter has three months of 5, 4 and 4 weeks (Sunday to Saturday);
 * - in a 53-week year the extra week goes into the first quarter (10-K: "An additional week is
 *   included in the first fiscal quarter every five or six years"), at its end: that quarter has
 *   14 weeks and its last month (fiscal December) 5.
 *
 * A fiscal month has two names. People (and App Store Connect's Payments and Financial Reports
 * page) name it after the calendar month it mostly covers: "February 2024" is 4 February – 2 March
 * 2024. Apple's API names it by fiscal year and period, `YYYY-PP` with period 01 = October, the
 * fiscal year having begun the Sunday after the last Saturday of September of the calendar year
 * before: fiscal February 2024 is `2024-05`, fiscal October 2023 is `2024-01` (Ponytech/appstoreconnectapi#63: "if I pass 2024-05 I get a report for
 * 2024-02 … Period 5 = February 2024"; Apple's Reporter tool takes fiscal year and fiscal period).
 */
export interface FiscalMonth {
  /** `YYYY-MM`: the calendar month it mostly covers, as App Store Connect names it (what `--date` takes). */
  name: string;
  /** `YYYY-PP`: fiscal year and period (01 = October), what `filter[reportDate]` takes. */
  reportDate: string;
  first: IsoDay;
  last: IsoDay;
}

const WEEKS = [5, 4, 4, 5, 4, 4, 5, 4, 4, 5, 4, 4];
const pad2 = (n: number) => String(n).padStart(2, "0");

/** The last Saturday of September of `year`: the last day of fiscal year `year`. */
export function fiscalYearEnd(year: number): IsoDay {
  const sept30 = `${year}-09-30`;
  return addDays(sept30, -((weekday(sept30) + 1) % 7));
}

/** The twelve months of fiscal year `year` (October of `year - 1` to September of `year`). */
export function fiscalMonthsOf(year: number): FiscalMonth[] {
  const start = addDays(fiscalYearEnd(year - 1), 1);
  const days = (Date.parse(`${fiscalYearEnd(year)}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000 + 1;
  const weeks = [...WEEKS];
  if (days === 53 * 7) weeks[2] = 5;
  const months: FiscalMonth[] = [];
  let first = start;
  for (let i = 0; i < 12; i++) {
    const last = addDays(first, weeks[i]! * 7 - 1);
    const calendarMonth = ((i + 9) % 12) + 1; // October first
    months.push({ name: `${calendarMonth >= 10 ? year - 1 : year}-${pad2(calendarMonth)}`, reportDate: `${year}-${pad2(i + 1)}`, first, last });
    first = addDays(last, 1);
  }
  return months;
}

/** Fiscal month `YYYY-MM` by the calendar month it is named after: October to December belong to the next fiscal year. */
export function fiscalMonth(name: string): FiscalMonth {
  const [y, m] = name.split("-").map(Number) as [number, number];
  return fiscalMonthsOf(m >= 10 ? y + 1 : y)[(m + 2) % 12]!;
}

/** Fiscal month by Apple's `reportDate`, fiscal year and period `YYYY-PP` (period 01 = October of the year before). */
export function fiscalMonthOfReportDate(reportDate: string): FiscalMonth {
  const [year, period] = reportDate.split("-").map(Number) as [number, number];
  return fiscalMonthsOf(year)[period - 1]!;
}

/** The month before, across fiscal years. */
export function previousFiscalMonth(month: FiscalMonth): FiscalMonth {
  return fiscalMonthOfDay(addDays(month.first, -1));
}

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "fiscal February 2024": the name App Store Connect's Payments and Financial Reports page gives the month. */
export function fiscalMonthLabel(month: FiscalMonth): string {
  const [y, m] = month.name.split("-").map(Number) as [number, number];
  return `fiscal ${MONTH_NAMES[m - 1]} ${y}`;
}

/** "fiscal February 2024 (2024-02-04 – 2024-03-02), reportDate 2024-05": both names and the days, so nobody has to trust either. */
export function describeFiscalMonth(month: FiscalMonth): string {
  return `${fiscalMonthLabel(month)} (${month.first} – ${month.last}), reportDate ${month.reportDate}`;
}

/** The fiscal month a day falls in. */
export function fiscalMonthOfDay(day: IsoDay): FiscalMonth {
  const year = Number(day.slice(0, 4));
  const fiscalYear = day > fiscalYearEnd(year) ? year + 1 : year;
  return fiscalMonthsOf(fiscalYear).find((f) => f.first <= day && day <= f.last)!;
}

/**
 * When a fiscal month's finance reports should be out. Apple: "financial reports are ready for all
 * countries or regions by the first Friday of the fiscal month" that follows (itunespartner.apple.com,
 * "Payments and proceeds data available sooner each fiscal month", March 2024). The next month
 * starts on a Sunday, so that is six days after the last day; taken at 8 a.m. Pacific, the hour
 * Apple gives for its other reports, so a run on that Friday morning does not ask too early.
 */
export function financeReportsDueAt(month: FiscalMonth): number {
  return pacificWallTimeToEpoch(addDays(month.last, 6), PUBLISH_HOUR_PACIFIC);
}

/** The newest fiscal month whose finance reports should be out at `nowMs`: what `reports finance` asks for by default. */
export function latestPublishedFiscalMonth(nowMs: number): FiscalMonth {
  let month = fiscalMonthOfDay(pacificDay(nowMs));
  while (financeReportsDueAt(month) > nowMs) month = previousFiscalMonth(month);
  return month;
}
