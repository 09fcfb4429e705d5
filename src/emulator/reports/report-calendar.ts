/** Day arithmetic for the emulator's report rules (Pacific calendar days as `YYYY-MM-DD`). */
const pacific = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Los_Angeles", year: "numeric", month: "2-digit", day: "2-digit" });

export function pacificToday(nowMs: number): string {
  const p = Object.fromEntries(pacific.formatToParts(new Date(nowMs)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

export function plusDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export function dayOfWeek(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

export function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && plusDays(text, 0) === text;
}

export function daysFromTo(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = first; d <= last; d = plusDays(d, 1)) out.push(d);
  return out;
}

/** First and last day of a report period (`reportDate` already in the frequency's format). */
export function periodOf(frequency: string, reportDate: string): { first: string; last: string } {
  if (frequency === "DAILY") return { first: reportDate, last: reportDate };
  if (frequency === "WEEKLY") return { first: plusDays(reportDate, -6), last: reportDate };
  if (frequency === "MONTHLY") {
    const [y, m] = reportDate.split("-").map(Number) as [number, number];
    return { first: `${reportDate}-01`, last: plusDays(new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10), -1) };
  }
  return { first: `${reportDate}-01-01`, last: `${reportDate}-12-31` };
}

/**
 * Apple's fiscal calendar: the year ends on the last Saturday of September and each quarter has
 * months of 5, 4 and 4 weeks. A 53rd week goes into the first quarter, at its end (Apple's 10-K:
 * "An additional week is included in the first fiscal quarter every five or six years"; fiscal
 * Q1 2023 ran 25 September to 31 December 2022), so December has 5 weeks that year.
 *
 * `filter[reportDate]` of a finance report is Apple's fiscal year and period, `YYYY-PP`, period 01
 * being October of the year before: `2024-05` is fiscal February 2024 (Ponytech/appstoreconnectapi
 * #63, "Period 5 = February 2024"; Apple's Reporter tool takes fiscal year and fiscal period).
 * Returns the days of that period.
 */
export function fiscalPeriod(reportDate: string): { first: string; last: string } {
  const [fiscalYear, period] = reportDate.split("-").map(Number) as [number, number];
  const yearEnd = (year: number) => {
    const sept30 = `${year}-09-30`;
    return plusDays(sept30, -((dayOfWeek(sept30) + 1) % 7)); // last Saturday of September
  };
  const start = plusDays(yearEnd(fiscalYear - 1), 1);
  const index = period - 1; // October = 0
  const weeks = [5, 4, 4, 5, 4, 4, 5, 4, 4, 5, 4, 4];
  if (daysFromTo(start, yearEnd(fiscalYear)).length === 53 * 7) weeks[2] = 5;
  const offset = weeks.slice(0, index).reduce((a, b) => a + b, 0) * 7;
  const first = plusDays(start, offset);
  return { first, last: plusDays(first, weeks[index]! * 7 - 1) };
}
