import { ValidationError } from "../../errors/asckit-error.js";
import type { AscClient } from "../../client/index.js";
import { financeReportsDueAt, fiscalMonth, fiscalMonthOfDay, fiscalMonthLabel, fiscalMonthOfReportDate, latestPublishedFiscalMonth, type FiscalMonth } from "./fiscal-calendar.js";
import { normalizeFinanceRegion } from "./finance-regions.js";
import { isValidDay, pacificDay } from "./pacific-time.js";
import { classifyReportError, ReportExpiredError, ReportNotAvailableError } from "./report-errors.js";
import { emptyDownload, startReportDownload, type ReportDownload } from "./report-download.js";
import { describeRetryAt } from "./retry-time.js";

export const FINANCE_REPORT_TYPES = ["FINANCIAL", "FINANCE_DETAIL"] as const;
export type FinanceReportType = (typeof FINANCE_REPORT_TYPES)[number];

/**
 * Finance reports cover Apple's fiscal months (5-4-4-week periods of its fiscal calendar), named
 * after the calendar month they mostly fall in: a month's first and last days are not the 1st and
 * the 30th/31st. Printed with every finance report.
 */
export const FISCAL_MONTH_NOTE =
  "Finance reports cover Apple fiscal months, which start and end on different days than calendar months (see the Start Date and End Date columns); compare them with sales reports over the same days, not the same calendar month.";

export interface FinanceReportOptions {
  vendorNumber: string;
  reportType?: string;
  /** ZZ (all regions, FINANCIAL), Z1 (FINANCE_DETAIL), or a region such as US, EU, JP. */
  regionCode?: string;
  /**
   * The fiscal month as people name it, `YYYY-MM` after the calendar month it mostly covers
   * ("February 2024" = `2024-02`, as App Store Connect's Payments and Financial Reports page names
   * it), or a day `YYYY-MM-DD` for the fiscal month containing it. Not Apple's `reportDate`.
   * With neither this nor `fiscalPeriod`: the newest fiscal month whose reports should be out at
   * `now()` (latestPublishedFiscalMonth).
   */
  month?: string;
  /** Apple's own form, fiscal year and period `YYYY-PP` (01 = October), sent as is; not with `month`. */
  fiscalPeriod?: string;
  now: () => number;
}

export interface FinanceReportTarget {
  vendorNumber: string;
  reportType: FinanceReportType;
  regionCode: string;
  /** `filter[reportDate]` as Apple reads it: fiscal year and period, `YYYY-PP` (`month.reportDate`). */
  reportDate: string;
  /** The fiscal month asked for: its name, days and reportDate. */
  month: FiscalMonth;
}

/**
 * Checks the region rules: FINANCE_DETAIL exists only for region Z1; FINANCIAL takes a region
 * code or ZZ for all regions consolidated (the default).
 */
export function resolveFinanceReportTarget(options: FinanceReportOptions): FinanceReportTarget {
  const vendorNumber = options.vendorNumber?.trim();
  if (!vendorNumber || !/^\d+$/.test(vendorNumber)) {
    throw new ValidationError(`Bad vendor number "${options.vendorNumber ?? ""}".`, { field: "--vendor", category: "usage", hint: "Pass --vendor 8xxxxxxx or set ASC_VENDOR_NUMBER." });
  }
  const reportType = (options.reportType ?? "FINANCIAL").trim().toUpperCase().replace(/-/g, "_");
  if (!(FINANCE_REPORT_TYPES as readonly string[]).includes(reportType)) {
    throw new ValidationError(`Unknown finance report type "${options.reportType}".`, { field: "--type", category: "usage", hint: "Use FINANCIAL or FINANCE_DETAIL." });
  }
  const region = normalizeFinanceRegion(options.regionCode ?? (reportType === "FINANCE_DETAIL" ? "Z1" : "ZZ"));
  if (reportType === "FINANCE_DETAIL" && region !== "Z1") {
    throw new ValidationError(`FINANCE_DETAIL reports exist only for region Z1, not ${region}.`, {
      field: "--region",
      category: "usage",
      hint: "Use --region Z1 (all regions in one detailed report), or --type FINANCIAL for one region.",
    });
  }
  if (reportType === "FINANCIAL" && region === "Z1") {
    throw new ValidationError("Region Z1 is only for FINANCE_DETAIL reports.", {
      field: "--region",
      category: "usage",
      hint: "Use --region ZZ for all regions consolidated, or a region code such as US or EU.",
    });
  }
  const month = resolveFiscalMonth(options);
  return { vendorNumber, reportType: reportType as FinanceReportType, regionCode: region, reportDate: month.reportDate, month };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * `--date` names the month the way people do and is translated; `--fiscal-period` is Apple's form.
 * Both are `YYYY-NN`, which is why `--date` is never sent as is: `2024-03` sent to Apple is fiscal
 * period 3 of fiscal 2024, December 2023.
 */
function resolveFiscalMonth(options: FinanceReportOptions): FiscalMonth {
  const date = options.month?.trim();
  const period = options.fiscalPeriod?.trim();
  if (date !== undefined && period !== undefined) {
    throw new ValidationError("--date and --fiscal-period both name the month: pass one.", {
      field: "--fiscal-period",
      category: "usage",
      hint: "--date YYYY-MM names the fiscal month after its calendar month (2024-02 = fiscal February 2024); --fiscal-period YYYY-PP is Apple's fiscal year and period (2024-05 = the same month).",
    });
  }
  if (period !== undefined) {
    if (!MONTH.test(period)) {
      throw new ValidationError(`Bad --fiscal-period "${options.fiscalPeriod}": expected Apple's fiscal year and period, YYYY-PP, with PP from 01 (October) to 12 (September).`, {
        field: "--fiscal-period",
        category: "usage",
        hint: "For example --fiscal-period 2024-05 (fiscal February 2024); or --date 2024-02 for the same month by its calendar name.",
      });
    }
    return fiscalMonthOfReportDate(period);
  }
  // Not "last calendar month": early in a month that fiscal month may not have closed, or its reports may not be out yet.
  if (date === undefined) return latestPublishedFiscalMonth(options.now());
  if (isValidDay(date)) return fiscalMonthOfDay(date);
  if (!MONTH.test(date)) {
    throw new ValidationError(`Bad --date "${options.month}": expected a fiscal month YYYY-MM, named after the calendar month it mostly covers, or a day YYYY-MM-DD.`, {
      field: "--date",
      category: "usage",
      hint: "For example --date 2024-02 (fiscal February 2024, 4 February – 2 March); Apple's fiscal year and period go in --fiscal-period YYYY-PP.",
    });
  }
  return fiscalMonth(date);
}

/**
 * Downloads a finance report as a stream. Apple answers "no sales for the date" both for a month
 * with no earnings and for one whose reports are not out yet [3p: the Reporter tool's error 213
 * for a future fiscal period]. The fiscal calendar tells them apart: before the month's reports are
 * due it is ReportNotAvailableError (ask again then, exit 10, like `reports sales`); after, an
 * empty report (no earnings), not an error.
 */
export async function openFinanceReport(client: AscClient, target: FinanceReportTarget, now: () => number): Promise<ReportDownload> {
  try {
    return await startReportDownload(client, "GET /v1/financeReports", {
      "filter[vendorNumber]": [target.vendorNumber],
      "filter[reportType]": [target.reportType],
      "filter[regionCode]": [target.regionCode],
      "filter[reportDate]": [target.reportDate],
    });
  } catch (error) {
    const { kind } = classifyReportError(error);
    const name = `${target.reportType} ${target.regionCode} report for ${fiscalMonthLabel(target.month)} (reportDate ${target.reportDate})`;
    const due = financeReportsDueAt(target.month);
    const nowMs = now();
    if (kind === "no-sales" && nowMs >= due) return emptyDownload();
    if (kind === "no-sales" || kind === "not-available") {
      // Apple running late past the due time: worth asking again in a day.
      const retryAt = due > nowMs ? due : nowMs + 24 * 3_600_000;
      throw new ReportNotAvailableError(
        `The ${name} is not available yet: the month runs ${target.month.first} to ${target.month.last}${pacificDay(nowMs) <= target.month.last ? " and has not ended yet" : ""}.`,
        retryAt,
        `Apple has a fiscal month's finance reports ready by the first Friday after it ends; try again after ${describeRetryAt(retryAt)}.`,
        error,
      );
    }
    if (kind === "expired") throw new ReportExpiredError(`The ${name} has expired: Apple no longer serves it.`, "Download older finance reports from App Store Connect's Payments and Financial Reports page.", error);
    throw error;
  }
}
