import { createHash, createHmac } from "node:crypto";
import { gzipSync } from "node:zlib";
import { ANALYTICS_REPORTS } from "./analytics-catalog.js";
import { daysFromTo, pacificToday, plusDays } from "./report-calendar.js";
import { hash32, seededRandom } from "./seeded-random.js";

/** What a segment URL carries, so that the storage route can rebuild the bytes without state. */
export interface SegmentKey {
  app: string;
  appName: string;
  report: number;
  granularity: string;
  date: string;
  part: number;
  parts: number;
}

export const GRANULARITIES = ["DAILY", "WEEKLY", "MONTHLY"] as const;

/** Processing dates of the instances a report has at `now`: 30 days, 8 weeks (Mondays), 3 months. */
export function instanceDates(granularity: string, nowMs: number): string[] {
  const yesterday = plusDays(pacificToday(nowMs), -1);
  if (granularity === "DAILY") return daysFromTo(plusDays(yesterday, -29), yesterday).reverse();
  if (granularity === "WEEKLY") {
    const monday = plusDays(yesterday, -((new Date(`${yesterday}T00:00:00Z`).getUTCDay() + 6) % 7));
    return Array.from({ length: 8 }, (_, i) => plusDays(monday, -7 * i));
  }
  const [y, m] = yesterday.split("-").map(Number) as [number, number];
  return Array.from({ length: 3 }, (_, i) => new Date(Date.UTC(y, m - 1 - i, 1)).toISOString().slice(0, 10));
}

/** Days of data in an instance: the day before a daily instance, the week before a weekly one, the month before a monthly one. */
function dataDays(granularity: string, processingDate: string): string[] {
  if (granularity === "DAILY") return [plusDays(processingDate, -1)];
  if (granularity === "WEEKLY") return daysFromTo(plusDays(processingDate, -7), plusDays(processingDate, -1));
  const [y, m] = processingDate.split("-").map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10);
  return daysFromTo(first, plusDays(processingDate, -1));
}

export function segmentCount(app: string, report: number, granularity: string, date: string): number {
  return 1 + (hash32(`${app}|${report}|${granularity}|${date}|segments`) % 3);
}

/** The gzip'd tab-separated bytes of one segment; each segment has its own header line. */
export function segmentBytes(key: SegmentKey): Buffer {
  const spec = ANALYTICS_REPORTS[key.report]!;
  const scale = 300 + (hash32(`${key.app}|scale`) % 500);
  const rows: string[] = [];
  for (const day of dataDays(key.granularity, key.date)) {
    const random = seededRandom(key.app, spec.name, day);
    for (const cells of spec.rows(random, scale)) rows.push([day, key.appName, key.app, ...cells].join("\t"));
  }
  const per = Math.ceil(rows.length / key.parts);
  const mine = rows.slice(key.part * per, (key.part + 1) * per);
  return gzipSync(`${spec.columns.join("\t")}\n${mine.map((r) => `${r}\n`).join("")}`);
}

export const md5Hex = (bytes: Buffer) => createHash("md5").update(bytes).digest("hex");

const SECRET = "asckit-emulator-analytics-storage";

export function encodeSegmentToken(key: SegmentKey): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function decodeSegmentToken(token: string): SegmentKey | undefined {
  try {
    const key = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as SegmentKey;
    return typeof key.app === "string" && ANALYTICS_REPORTS[key.report] ? key : undefined;
  } catch {
    return undefined;
  }
}

export const signSegment = (token: string, expires: number) => createHmac("sha256", SECRET).update(`${token}:${expires}`).digest("hex");
