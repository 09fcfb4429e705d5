import { ValidationError } from "../../errors/asckit-error.js";

export const SALES_REPORT_TYPES = [
  "SALES",
  "PRE_ORDER",
  "NEWSSTAND",
  "SUBSCRIPTION",
  "SUBSCRIPTION_EVENT",
  "SUBSCRIBER",
  "SUBSCRIPTION_OFFER_CODE_REDEMPTION",
  "INSTALLS",
  "FIRST_ANNUAL",
  "WIN_BACK_ELIGIBILITY",
] as const;
export const SALES_REPORT_SUBTYPES = ["SUMMARY", "DETAILED", "SUMMARY_INSTALL_TYPE", "SUMMARY_TERRITORY", "SUMMARY_CHANNEL"] as const;
export const REPORT_FREQUENCIES = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"] as const;

export type SalesReportType = (typeof SALES_REPORT_TYPES)[number];
export type SalesReportSubType = (typeof SALES_REPORT_SUBTYPES)[number];
export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];

export interface SalesReportCombo {
  reportType: SalesReportType;
  reportSubType: SalesReportSubType;
  frequencies: readonly ReportFrequency[];
  /** Oldest first; the last one is the default. */
  versions: readonly string[];
}

/**
 * Apple's table of allowed combinations (GET /v1/salesReports reference, facts 6.1). "If you use
 * other types, it results in an error", so every request is checked against it before it is sent.
 */
export const SALES_REPORT_COMBOS: readonly SalesReportCombo[] = [
  { reportType: "FIRST_ANNUAL", reportSubType: "DETAILED", frequencies: ["DAILY"], versions: ["1_0"] },
  { reportType: "FIRST_ANNUAL", reportSubType: "SUMMARY", frequencies: ["YEARLY"], versions: ["1_0"] },
  { reportType: "INSTALLS", reportSubType: "SUMMARY_CHANNEL", frequencies: ["YEARLY"], versions: ["1_0", "1_1"] },
  { reportType: "INSTALLS", reportSubType: "SUMMARY_INSTALL_TYPE", frequencies: ["YEARLY"], versions: ["1_0", "1_1"] },
  { reportType: "INSTALLS", reportSubType: "SUMMARY", frequencies: ["MONTHLY"], versions: ["1_2"] },
  { reportType: "INSTALLS", reportSubType: "SUMMARY_TERRITORY", frequencies: ["YEARLY"], versions: ["1_0", "1_1"] },
  { reportType: "INSTALLS", reportSubType: "DETAILED", frequencies: ["MONTHLY"], versions: ["1_2"] },
  { reportType: "INSTALLS", reportSubType: "DETAILED", frequencies: ["YEARLY"], versions: ["1_0", "1_1"] },
  { reportType: "NEWSSTAND", reportSubType: "DETAILED", frequencies: ["DAILY", "WEEKLY"], versions: ["1_0"] },
  { reportType: "PRE_ORDER", reportSubType: "SUMMARY", frequencies: ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"], versions: ["1_0"] },
  { reportType: "SALES", reportSubType: "SUMMARY", frequencies: ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"], versions: ["1_0"] },
  { reportType: "SUBSCRIBER", reportSubType: "DETAILED", frequencies: ["DAILY"], versions: ["1_3"] },
  { reportType: "SUBSCRIPTION", reportSubType: "SUMMARY", frequencies: ["DAILY"], versions: ["1_3"] },
  { reportType: "SUBSCRIPTION_EVENT", reportSubType: "SUMMARY", frequencies: ["DAILY"], versions: ["1_3"] },
  { reportType: "SUBSCRIPTION_OFFER_CODE_REDEMPTION", reportSubType: "SUMMARY", frequencies: ["DAILY"], versions: ["1_0"] },
  { reportType: "WIN_BACK_ELIGIBILITY", reportSubType: "SUMMARY", frequencies: ["DAILY"], versions: ["1_0"] },
];

export interface SalesReportKindInput {
  reportType: string;
  /** Optional when the type and frequency allow only one subtype. */
  reportSubType?: string;
  frequency: string;
  /** Optional: the newest version in Apple's table is the default. */
  version?: string;
}

export interface SalesReportKind {
  reportType: SalesReportType;
  reportSubType: SalesReportSubType;
  frequency: ReportFrequency;
  version: string;
  /** Set when `version` is newer than the table knows: Apple adds versions, so it is sent anyway. */
  note?: string;
}

const VERSION = /^\d+_\d+$/;

const describe = (c: SalesReportCombo) => `${c.reportType} ${c.reportSubType} ${c.frequencies.join("|")} (version ${c.versions.join(", ")})`;

/**
 * Checks a type/subtype/frequency/version combination against Apple's table and fills in the
 * defaults. A `version` newer than the table is allowed (Apple publishes new versions and names
 * them in its 400 answer); an older one is refused, because Apple no longer serves it.
 */
export function resolveSalesReportKind(input: SalesReportKindInput): SalesReportKind {
  const reportType = upper(input.reportType);
  const frequency = upper(input.frequency);
  const reportSubType = input.reportSubType === undefined ? undefined : upper(input.reportSubType);
  if (!(SALES_REPORT_TYPES as readonly string[]).includes(reportType)) {
    throw new ValidationError(`Unknown report type "${input.reportType}".`, { field: "--type", category: "usage", hint: `Use one of: ${SALES_REPORT_TYPES.join(", ")}.` });
  }
  if (!(REPORT_FREQUENCIES as readonly string[]).includes(frequency)) {
    throw new ValidationError(`Unknown frequency "${input.frequency}".`, { field: "--frequency", category: "usage", hint: `Use one of: ${REPORT_FREQUENCIES.join(", ")}.` });
  }
  if (reportSubType !== undefined && !(SALES_REPORT_SUBTYPES as readonly string[]).includes(reportSubType)) {
    throw new ValidationError(`Unknown report subtype "${input.reportSubType}".`, { field: "--subtype", category: "usage", hint: `Use one of: ${SALES_REPORT_SUBTYPES.join(", ")}.` });
  }
  const forType = SALES_REPORT_COMBOS.filter((c) => c.reportType === reportType);
  const candidates = forType.filter((c) => (c.frequencies as readonly string[]).includes(frequency) && (reportSubType === undefined || c.reportSubType === reportSubType));
  if (candidates.length === 0) {
    throw new ValidationError(`Apple does not offer ${reportType}${reportSubType ? ` ${reportSubType}` : ""} reports with frequency ${frequency}.`, {
      field: "--frequency",
      category: "usage",
      hint: `Allowed for ${reportType}: ${forType.map(describe).join("; ")}.`,
    });
  }
  if (candidates.length > 1) {
    throw new ValidationError(`${reportType} ${frequency} needs a subtype.`, {
      field: "--subtype",
      category: "usage",
      hint: `Use --subtype ${candidates.map((c) => c.reportSubType).join(" or ")}.`,
    });
  }
  const combo = candidates[0]!;
  const newest = combo.versions[combo.versions.length - 1]!;
  const kind = { reportType: combo.reportType, reportSubType: combo.reportSubType, frequency: frequency as ReportFrequency };
  if (input.version === undefined) return { ...kind, version: newest };
  const version = input.version.trim();
  if (!VERSION.test(version)) {
    throw new ValidationError(`Bad report version "${input.version}": Apple writes versions like 1_0 or 1_3.`, { field: "--version", category: "usage" });
  }
  if (combo.versions.includes(version)) return { ...kind, version };
  if (compareVersions(version, newest) > 0) {
    return { ...kind, version, note: `Version ${version} is newer than ${newest}, the newest asckit knows for ${combo.reportType} ${combo.reportSubType}; sending it as given.` };
  }
  throw new ValidationError(`Version ${version} of ${combo.reportType} ${combo.reportSubType} ${frequency} is not downloadable.`, {
    field: "--version",
    category: "usage",
    hint: `Use --version ${newest}${combo.versions.length > 1 ? ` (allowed: ${combo.versions.join(", ")})` : ""}.`,
  });
}

/** Compares Apple's `major_minor` version strings numerically. */
export function compareVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split("_").map(Number);
  const [bm = 0, bn = 0] = b.split("_").map(Number);
  return am - bm || an - bn;
}

function upper(value: string): string {
  return value.trim().toUpperCase().replace(/-/g, "_");
}
