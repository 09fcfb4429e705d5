import { ValidationError } from "../../errors/asckit-error.js";

/**
 * Region codes of finance reports. Apple's table "Financial report regions and currencies"
 * (https://developer.apple.com/help/app-store-connect/reference/financial-report-regions-and-currencies,
 * "Region codes are used for downloading Financial reports using the App Store Connect API or
 * Reporter") lists one code per report region: the countries below, EU (Euro-Zone) and LL (Latin
 * America and the Caribbean). WW (rest of world) is named by other clients, not in the part of the
 * table read here [3p]. ZZ (all regions in one file, FINANCIAL) and Z1 (FINANCE_DETAIL) are the
 * API's own (facts §6.2). Apple adds regions now and then, so a well-formed code missing here is
 * sent with a warning, not refused.
 */
const FINANCE_REGION_CODES: ReadonlySet<string> = new Set([
  "US", "AU", "BR", "BG", "CA", "CL", "CN", "CO", "CZ", "HR", "DK", "EG", "HK", "HU", "IN", "ID", "IL", "JP", "KZ", "KR", "MY", "MX",
  "NZ", "NG", "NO", "PK", "PE", "PH", "PL", "QA", "RO", "RU", "SA", "SG", "ZA", "SE", "CH", "TW", "TH", "TR", "AE", "GB", "TZ", "VN",
  "EU", "LL", "WW", "ZZ", "Z1",
]);

/** Two letters (US, EU, ZZ, WW) or a letter and a digit (Z1): the forms Apple's codes take. */
const REGION_FORM = /^(?:[A-Z]{2}|[A-Z][0-9])$/;

/** The region code in Apple's form (upper case), or a usage error before any request. */
export function normalizeFinanceRegion(input: string): string {
  const region = input.trim().toUpperCase();
  if (!REGION_FORM.test(region)) {
    throw new ValidationError(`Bad region code "${input}": finance region codes are two letters (US, EU, JP, ZZ…) or Z1.`, {
      field: "--region",
      category: "usage",
      hint: "Use ZZ for all regions in one report, Z1 with --type FINANCE_DETAIL, or a region code from Apple's list (Financial report regions and currencies).",
    });
  }
  return region;
}

/** A warning for a well-formed code that is not in Apple's list, or undefined. */
export function financeRegionWarning(region: string): string | undefined {
  if (FINANCE_REGION_CODES.has(region)) return undefined;
  return `${region} is not one of Apple's finance report regions (ZZ, Z1, US, EU, JP, LL…, see "Financial report regions and currencies" in App Store Connect Help); asking Apple anyway.`;
}
