import type { ApiRequest, ApiResult, OperationHandler } from "../engine-types.js";
import { gzipReport } from "./gzip-members.js";
import { dayOfWeek, daysFromTo, isDay, pacificToday, periodOf, plusDays } from "./report-calendar.js";
import { invalidParameter, invalidVersion, noSalesForDate, notAvailableYet, reportExpired } from "./report-failures.js";
import { findCombo, REPORT_TABLE, VERSION_REQUIRED } from "./report-table.js";
import type { Product } from "./sales-catalog.js";
import { formatSalesLines, SALES_HEADER, salesLinesForDay, type SaleLine } from "./sales-generator.js";
import { hash32 } from "./seeded-random.js";
import { subscriberLines, SUBSCRIBER_HEADER, subscriptionEventLines, SUBSCRIPTION_EVENT_HEADER, subscriptionReportLines, SUBSCRIPTION_HEADER } from "./subscription-generator.js";

export interface SalesReportHandlerOptions {
  catalog?: readonly Product[];
  /** Days on which the vendor sold nothing (Apple answers 404 "no sales"); default about one day in 45. */
  isNoSalesDay?: (vendorNumber: string, day: string) => boolean;
}

const defaultNoSalesDay = (vendorNumber: string, day: string) => hash32(`${vendorNumber}|quiet|${day}`) % 45 === 0;

/** How long Apple keeps each frequency (older periods answer 410). */
const RETENTION_DAYS: Record<string, { days: number; label: string } | undefined> = {
  DAILY: { days: 365, label: "365 days" },
  WEEKLY: { days: 156 * 7, label: "156 weeks" },
};

/** `GET /v1/salesReports`: gzip TSV reports per type and date, with Apple's 404/410/400 answers. */
export function createSalesReportHandler(options: SalesReportHandlerOptions = {}): OperationHandler {
  const isNoSalesDay = options.isNoSalesDay ?? defaultNoSalesDay;
  return (request: ApiRequest): ApiResult => {
    const q = request.query;
    const vendor = q["filter[vendorNumber]"] ?? "";
    const type = q["filter[reportType]"] ?? "";
    const subType = q["filter[reportSubType]"] ?? "";
    const frequency = q["filter[frequency]"] ?? "";
    if (!/^\d{6,10}$/.test(vendor)) throw invalidParameter("filter[vendorNumber]", "The vendor number you have specified is invalid. Use the vendor number shown in Payments and Financial Reports.");
    const combo = findCombo(type, subType, frequency);
    if (!combo) {
      const forType = REPORT_TABLE.filter((c) => c.type === type);
      const parameter = forType.some((c) => c.subType === subType) ? "filter[frequency]" : "filter[reportSubType]";
      throw invalidParameter(parameter, `The ${parameter === "filter[frequency]" ? "frequency" : "report sub type"} you have specified is invalid for the ${type} report.`);
    }
    const latest = combo.versions[combo.versions.length - 1]!;
    const version = q["filter[version]"];
    if (version === undefined ? VERSION_REQUIRED.has(type) : !combo.versions.includes(version)) throw invalidVersion(latest, version === undefined);

    const today = pacificToday(request.now);
    const yesterday = plusDays(today, -1);
    const reportDate = q["filter[reportDate]"] === undefined ? latestDate(frequency, yesterday) : checkDate(frequency, q["filter[reportDate]"]);
    const { first, last } = periodOf(frequency, reportDate);
    if (last > yesterday) throw notAvailableYet();
    const retention = RETENTION_DAYS[frequency];
    if (retention && first < plusDays(today, -retention.days)) throw reportExpired(frequency, retention.label);

    const lines = reportLines(type, vendor, first, last, options.catalog, isNoSalesDay);
    if (lines === undefined || lines.body.length === 0) throw noSalesForDate();
    const text = `${lines.header.join("\t")}\n${lines.body.join("\n")}\n`;
    const members = 1 + (hash32(`${vendor}|${type}|${frequency}|${reportDate}`) % 3);
    const letter = frequency[0]!;
    return {
      status: 200,
      body: gzipReport(text, members),
      headers: {
        "Content-Type": "application/a-gzip",
        "Content-Disposition": `attachment; filename=${type === "SALES" ? "S" : type}_${letter}_${vendor}_${reportDate.replace(/-/g, "")}.txt.gz`,
      },
    };
  };
}

function latestDate(frequency: string, yesterday: string): string {
  if (frequency === "DAILY") return yesterday;
  if (frequency === "WEEKLY") return plusDays(yesterday, -dayOfWeek(yesterday));
  const [y, m] = yesterday.split("-").map(Number) as [number, number];
  if (frequency === "MONTHLY") return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
  return String(y - 1);
}

function checkDate(frequency: string, text: string): string {
  const formats: Record<string, string> = { DAILY: "YYYY-MM-DD", WEEKLY: "YYYY-MM-DD", MONTHLY: "YYYY-MM", YEARLY: "YYYY" };
  const bad = () => invalidParameter("filter[reportDate]", `The report date you have specified is invalid. Use the format ${formats[frequency]} for ${frequency} reports.`);
  if (frequency === "DAILY") {
    if (!isDay(text)) throw bad();
    return text;
  }
  if (frequency === "WEEKLY") {
    if (!isDay(text)) throw bad();
    // Apple's weeks run Monday to Sunday; any day names the week that contains it.
    const wd = dayOfWeek(text);
    return wd === 0 ? text : plusDays(text, 7 - wd);
  }
  if (frequency === "MONTHLY") {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(text)) throw bad();
    return text;
  }
  if (!/^\d{4}$/.test(text)) throw bad();
  return text;
}

function reportLines(
  type: string,
  vendor: string,
  first: string,
  last: string,
  catalog: readonly Product[] | undefined,
  isNoSalesDay: (vendorNumber: string, day: string) => boolean,
): { header: readonly string[]; body: string[] } | undefined {
  const days = daysFromTo(first, last).filter((d) => !isNoSalesDay(vendor, d));
  switch (type) {
    case "SALES": {
      const lines: SaleLine[] = [];
      for (const day of days) lines.push(...salesLinesForDay(day, { vendorNumber: vendor, catalog }));
      return { header: SALES_HEADER, body: formatSalesLines(lines, first, last) };
    }
    case "SUBSCRIPTION":
      return { header: SUBSCRIPTION_HEADER, body: days.flatMap((d) => subscriptionReportLines(d, vendor, catalog)) };
    case "SUBSCRIPTION_EVENT":
      return { header: SUBSCRIPTION_EVENT_HEADER, body: days.flatMap((d) => subscriptionEventLines(d, vendor, catalog)) };
    case "SUBSCRIBER":
      return { header: SUBSCRIBER_HEADER, body: days.flatMap((d) => subscriberLines(d, vendor, catalog)) };
    default:
      // The emulated developer has no pre-orders, newsstand, offer codes…: Apple's answer is "no sales".
      return undefined;
  }
}
