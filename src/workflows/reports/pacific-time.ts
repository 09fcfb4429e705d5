/**
 * Calendar arithmetic in America/Los_Angeles, the time zone Apple's sales days are cut in. Only
 * Intl is used: the zone rules come with Node, so daylight saving needs no date library.
 */
export const PACIFIC = "America/Los_Angeles";

/** A calendar day, `YYYY-MM-DD`, with no time zone attached. */
export type IsoDay = string;

const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: PACIFIC, year: "numeric", month: "2-digit", day: "2-digit" });
const wallFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: PACIFIC,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** The Pacific calendar day an instant falls on. */
export function pacificDay(epochMs: number): IsoDay {
  const parts = Object.fromEntries(dayFormat.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Yesterday in Pacific time: the newest day Apple can have a daily report for. */
export function pacificYesterday(epochMs: number): IsoDay {
  return addDays(pacificDay(epochMs), -1);
}

/** The instant a Pacific wall-clock time occurs (the earlier one in the autumn overlap). */
export function pacificWallTimeToEpoch(day: IsoDay, hour = 0, minute = 0): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const wanted = Date.UTC(y, m - 1, d, hour, minute);
  // Guess with the standard offset, then correct by how far the zone's wall clock is off; twice
  // converges across a DST change.
  let guess = wanted + 8 * 3_600_000;
  for (let i = 0; i < 2; i++) guess += wanted - wallClockAsUtc(guess);
  return guess;
}

function wallClockAsUtc(epochMs: number): number {
  const p = Object.fromEntries(wallFormat.formatToParts(new Date(epochMs)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

export function addDays(day: IsoDay, days: number): IsoDay {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: IsoDay): number {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: IsoDay, to: IsoDay): IsoDay[] {
  const out: IsoDay[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) out.push(day);
  return out;
}

export function isValidDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return addDays(text, 0) === text;
}
