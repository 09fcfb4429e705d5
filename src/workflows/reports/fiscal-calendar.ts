import { addDays, pacificDay, pacificWallTimeToEpoch, weekday, type IsoDay } from "./pacific-time.js";
import { PUBLISH_HOUR_PACIFIC } from "./report-date.js";

/**
 * Apple's fiscal calendar, which finance reports follow (computed here, not shared with the
 * emulator, so that a misreading cannot make both sides agree):
 * - the fiscal year ends on the last Saturday of September (Apple's 10-K: "the 52- or 53-week
 *   period that ends on the last Saturday of September");
 * - each quarter has three months of 5, 4 and 4 weeks (Sunday to Saturday);
 * - in a 53-week year the extra week goes into the first quarter (10-K: "An additional week is
 *   included in the first fiscal quarter every five or six years"), at its end: the quarter that
 *   contains Christmas ends on the last Saturday of December, so fiscal December has 5 weeks.
 * A fiscal month `YYYY-MM` is named after the calendar month it mostly covers: fiscal October 2023
 * is 1 October – 4 November 2023, the first month of fiscal year 2024.
 */
export interface FiscalMonth {
  /** `YYYY-MM`, the name `filter[reportDate]` takes. */
  name: string;
  first: IsoDay;
  last: IsoDay;
}

const WEEKS = [5, 4, 4, 5, 4, 4, 5, 4, 4, 5, 4, 4];

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
    months.push({ name: `${calendarMonth >= 10 ? year - 1 : year}-${String(calendarMonth).padStart(2, "0")}`, first, last });
    first = addDays(last, 1);
  }
  return months;
}

/** The days of fiscal month `YYYY-MM`. */
export function fiscalMonth(name: string): FiscalMonth {
  const [y, m] = name.split("-").map(Number) as [number, number];
  return fiscalMonthsOf(m >= 10 ? y + 1 : y).find((f) => f.name === name)!;
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
export function financeReportsDueAt(name: string): number {
  return pacificWallTimeToEpoch(addDays(fiscalMonth(name).last, 6), PUBLISH_HOUR_PACIFIC);
}

/** The newest fiscal month whose finance reports should be out at `nowMs`: what `reports finance` asks for by default. */
export function latestPublishedFiscalMonth(nowMs: number): string {
  let month = fiscalMonthOfDay(pacificDay(nowMs));
  while (financeReportsDueAt(month.name) > nowMs) month = fiscalMonthOfDay(addDays(month.first, -1));
  return month.name;
}
