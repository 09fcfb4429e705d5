import { PACIFIC } from "./pacific-time.js";

const pacificClock = new Intl.DateTimeFormat("en-CA", {
  timeZone: PACIFIC,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

/** "2024-05-02 08:00 Pacific (15:00 UTC)": the zone Apple works in, and one nobody has to convert. */
export function describeRetryAt(epochMs: number): string {
  const p = Object.fromEntries(pacificClock.formatToParts(new Date(epochMs)).map((x) => [x.type, x.value]));
  const utc = new Date(epochMs).toISOString();
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} Pacific (${utc.slice(0, 10)} ${utc.slice(11, 16)} UTC)`;
}
