import { ValidationError } from "../../errors/asckit-error.js";
import type { AscClient } from "../../client/index.js";
import { classifyReportError, ReportExpiredError, ReportNotAvailableError, ReportVersionError, type ReportErrorKind } from "./report-errors.js";
import { defaultReportDate, normalizeReportDate, retryAfterFor } from "./report-date.js";
import { emptyDownload, startReportDownload, type ReportDownload } from "./report-download.js";
import { describeRetryAt } from "./retry-time.js";
import { resolveSalesReportKind, type SalesReportKind } from "./sales-report-kinds.js";

export interface SalesReportOptions {
  vendorNumber: string;
  reportType: string;
  reportSubType?: string;
  frequency: string;
  version?: string;
  /** Default: the newest period for the frequency, in Pacific time. */
  reportDate?: string;
  /** Clock for the Pacific-time default date and the retry time (epoch ms). */
  now: () => number;
}

export interface SalesReportTarget extends SalesReportKind {
  vendorNumber: string;
  reportDate: string;
}

/** Checks the options locally (combination, version, date format) and fills in the defaults. */
export function resolveSalesReportTarget(options: SalesReportOptions): SalesReportTarget {
  const vendorNumber = options.vendorNumber?.trim();
  if (!vendorNumber || !/^\d+$/.test(vendorNumber)) {
    throw new ValidationError(`Bad vendor number "${options.vendorNumber ?? ""}": it is the number shown in Payments and Financial Reports.`, {
      field: "--vendor",
      category: "usage",
      hint: "Pass --vendor 8xxxxxxx or set ASC_VENDOR_NUMBER.",
    });
  }
  const kind = resolveSalesReportKind(options);
  const reportDate = options.reportDate ? normalizeReportDate(kind.frequency, options.reportDate) : defaultReportDate(kind.frequency, options.now());
  return { ...kind, vendorNumber, reportDate };
}

/**
 * Downloads a Sales and Trends report as a stream. Apple's answers become: rows; an empty report
 * ("no sales for the date" is not a failure); ReportNotAvailableError with a retry time;
 * ReportExpiredError (410); ReportVersionError naming the `--version` to use.
 */
export async function openSalesReport(client: AscClient, target: SalesReportTarget, now: () => number): Promise<ReportDownload> {
  try {
    return await startReportDownload(client, "GET /v1/salesReports", {
      "filter[vendorNumber]": [target.vendorNumber],
      "filter[reportType]": [target.reportType],
      "filter[reportSubType]": [target.reportSubType],
      "filter[frequency]": [target.frequency],
      "filter[reportDate]": [target.reportDate],
      "filter[version]": [target.version],
    });
  } catch (error) {
    const { kind, latestVersion } = classifyReportError(error);
    if (kind === "no-sales") return emptyDownload();
    throw salesReportError(error, kind, latestVersion, target, now());
  }
}

function salesReportError(error: unknown, kind: ReportErrorKind, latestVersion: string | undefined, target: SalesReportTarget, nowMs: number): unknown {
  const name = `${target.reportType} ${target.reportSubType} ${target.frequency} report for ${target.reportDate}`;
  switch (kind) {
    case "not-available": {
      const retryAt = retryAfterFor(target.frequency, target.reportDate, nowMs);
      return new ReportNotAvailableError(`The ${name} is not available yet.`, retryAt, `Apple publishes reports the morning after the period ends; try again after ${describeRetryAt(retryAt)}.`, error);
    }
    case "expired":
      return new ReportExpiredError(
        `The ${name} has expired: Apple no longer serves it.`,
        target.frequency === "DAILY"
          ? "Daily reports are kept for about a year; ask for a WEEKLY, MONTHLY or YEARLY report to cover older dates."
          : "Ask for a longer period (MONTHLY or YEARLY) to cover older dates.",
        error,
      );
    case "version":
      return new ReportVersionError(
        latestVersion
          ? `Apple refused version ${target.version} of the ${target.reportType} ${target.reportSubType} report: the latest version is ${latestVersion}.`
          : `Apple refused version ${target.version} of the ${target.reportType} ${target.reportSubType} report.`,
        latestVersion,
        latestVersion ? `Re-run with --version ${latestVersion}.` : "Check --version against Apple's table (asckit reports sales --help).",
        error,
      );
    default:
      return error;
  }
}
