/**
 * Apple's allowed Sales and Trends combinations (GET /v1/salesReports reference), kept separately
 * from the client's copy on purpose: the emulator must not share the client's mistakes.
 */
export interface ReportCombo {
  type: string;
  subType: string;
  frequencies: readonly string[];
  versions: readonly string[];
}

export const REPORT_TABLE: readonly ReportCombo[] = [
  { type: "FIRST_ANNUAL", subType: "DETAILED", frequencies: ["DAILY"], versions: ["1_0"] },
  { type: "FIRST_ANNUAL", subType: "SUMMARY", frequencies: ["YEARLY"], versions: ["1_0"] },
  { type: "INSTALLS", subType: "SUMMARY_CHANNEL", frequencies: ["YEARLY"], versions: ["1_0", "1_1"] },
  { type: "INSTALLS", subType: "SUMMARY_INSTALL_TYPE", frequencies: ["YEARLY"], versions: ["1_0", "1_1"] },
  { type: "INSTALLS", subType: "SUMMARY", frequencies: ["MONTHLY"], versions: ["1_2"] },
  { type: "INSTALLS", subType: "SUMMARY_TERRITORY", frequencies: ["YEARLY"], versions: ["1_0", "1_1"] },
  { type: "INSTALLS", subType: "DETAILED", frequencies: ["MONTHLY"], versions: ["1_2"] },
  { type: "INSTALLS", subType: "DETAILED", frequencies: ["YEARLY"], versions: ["1_0", "1_1"] },
  { type: "NEWSSTAND", subType: "DETAILED", frequencies: ["DAILY", "WEEKLY"], versions: ["1_0"] },
  { type: "PRE_ORDER", subType: "SUMMARY", frequencies: ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"], versions: ["1_0"] },
  { type: "SALES", subType: "SUMMARY", frequencies: ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"], versions: ["1_0"] },
  { type: "SUBSCRIBER", subType: "DETAILED", frequencies: ["DAILY"], versions: ["1_3"] },
  { type: "SUBSCRIPTION", subType: "SUMMARY", frequencies: ["DAILY"], versions: ["1_3"] },
  { type: "SUBSCRIPTION_EVENT", subType: "SUMMARY", frequencies: ["DAILY"], versions: ["1_3"] },
  { type: "SUBSCRIPTION_OFFER_CODE_REDEMPTION", subType: "SUMMARY", frequencies: ["DAILY"], versions: ["1_0"] },
  { type: "WIN_BACK_ELIGIBILITY", subType: "SUMMARY", frequencies: ["DAILY"], versions: ["1_0"] },
];

/** Report types whose requests must name a version (observed for the subscription family). */
export const VERSION_REQUIRED = new Set(["SUBSCRIPTION", "SUBSCRIPTION_EVENT", "SUBSCRIBER"]);

export function findCombo(type: string, subType: string, frequency: string): ReportCombo | undefined {
  return REPORT_TABLE.find((c) => c.type === type && c.subType === subType && c.frequencies.includes(frequency));
}
