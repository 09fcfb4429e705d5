import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/errors/asckit-error.js";
import { resolveSalesReportKind, SALES_REPORT_COMBOS } from "../../../src/workflows/reports/sales-report-kinds.js";

const refuse = (input: Parameters<typeof resolveSalesReportKind>[0]) => {
  try {
    resolveSalesReportKind(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error("expected a ValidationError");
};

describe("resolveSalesReportKind", () => {
  it("fills in the only subtype and the newest version of Apple's table", () => {
    expect(resolveSalesReportKind({ reportType: "SALES", frequency: "DAILY" })).toEqual({ reportType: "SALES", reportSubType: "SUMMARY", frequency: "DAILY", version: "1_0" });
    expect(resolveSalesReportKind({ reportType: "subscription", frequency: "daily" })).toMatchObject({ reportSubType: "SUMMARY", version: "1_3" });
    expect(resolveSalesReportKind({ reportType: "SUBSCRIBER", frequency: "DAILY" })).toMatchObject({ reportSubType: "DETAILED", version: "1_3" });
    expect(resolveSalesReportKind({ reportType: "INSTALLS", reportSubType: "SUMMARY_CHANNEL", frequency: "YEARLY" }).version).toBe("1_1");
    expect(resolveSalesReportKind({ reportType: "INSTALLS", reportSubType: "DETAILED", frequency: "MONTHLY" }).version).toBe("1_2");
  });

  it("accepts every row of the table with each of its versions", () => {
    for (const combo of SALES_REPORT_COMBOS) {
      for (const frequency of combo.frequencies) {
        for (const version of combo.versions) {
          expect(resolveSalesReportKind({ reportType: combo.reportType, reportSubType: combo.reportSubType, frequency, version })).toEqual({
            reportType: combo.reportType,
            reportSubType: combo.reportSubType,
            frequency,
            version,
          });
        }
      }
    }
  });

  it("refuses a frequency the type does not have, listing what exists", () => {
    const error = refuse({ reportType: "SUBSCRIPTION", frequency: "WEEKLY" });
    expect(error.message).toBe("Apple does not offer SUBSCRIPTION reports with frequency WEEKLY.");
    expect(error.hint).toContain("SUBSCRIPTION SUMMARY DAILY (version 1_3)");
    expect(error.category).toBe("usage");
    expect(refuse({ reportType: "SALES", reportSubType: "DETAILED", frequency: "DAILY" }).message).toContain("SALES DETAILED");
  });

  it("asks for a subtype when the type and frequency allow several", () => {
    const error = refuse({ reportType: "INSTALLS", frequency: "YEARLY" });
    expect(error.field).toBe("--subtype");
    expect(error.hint).toBe("Use --subtype SUMMARY_CHANNEL or SUMMARY_INSTALL_TYPE or SUMMARY_TERRITORY or DETAILED.");
  });

  it("refuses versions Apple no longer serves and names the one to use", () => {
    const error = refuse({ reportType: "SUBSCRIPTION", frequency: "DAILY", version: "1_2" });
    expect(error.message).toBe("Version 1_2 of SUBSCRIPTION SUMMARY DAILY is not downloadable.");
    expect(error.hint).toBe("Use --version 1_3.");
    expect(refuse({ reportType: "INSTALLS", reportSubType: "SUMMARY_TERRITORY", frequency: "YEARLY", version: "0_9" }).hint).toBe("Use --version 1_1 (allowed: 1_0, 1_1).");
    expect(refuse({ reportType: "SALES", frequency: "DAILY", version: "1.0" }).message).toContain("versions like 1_0");
  });

  it("lets --version name a version newer than the table, with a note", () => {
    const kind = resolveSalesReportKind({ reportType: "SUBSCRIPTION", frequency: "DAILY", version: "1_4" });
    expect(kind.version).toBe("1_4");
    expect(kind.note).toContain("newer than 1_3");
  });

  it("refuses unknown enum values", () => {
    expect(refuse({ reportType: "SALE", frequency: "DAILY" }).field).toBe("--type");
    expect(refuse({ reportType: "SALES", frequency: "HOURLY" }).field).toBe("--frequency");
    expect(refuse({ reportType: "SALES", reportSubType: "BRIEF", frequency: "DAILY" }).field).toBe("--subtype");
  });
});
