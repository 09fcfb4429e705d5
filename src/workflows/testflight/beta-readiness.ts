import type { Resource } from "../../client/index.js";
import type { CheckItem } from "../checklist.js";
import type { BetaInfo } from "./beta-info.js";

const filled = (v: unknown) => typeof v === "string" && v.trim() !== "";

/** The localization testers see: the primary locale's, else the first (as App Store Connect does). */
export function primaryLocalization(info: BetaInfo, primaryLocale: string | undefined): Resource | undefined {
  return info.localizations.find((l) => l.attributes.locale === primaryLocale) ?? info.localizations[0];
}

/**
 * What Beta App Review needs before an external group can get a build: the beta app description,
 * feedback email and privacy policy URL, and the review contact. Every item is listed, so a
 * failing run shows the whole checklist at once.
 */
export function checkBetaReadiness(info: BetaInfo, app: { id: string; primaryLocale?: string }): CheckItem[] {
  const items: CheckItem[] = [];
  const appFlag = `--app ${app.id}`;
  const localization = primaryLocalization(info, app.primaryLocale);
  const locale = String(localization?.attributes.locale ?? app.primaryLocale ?? "en-US");
  const fields: Array<[string, string, string]> = [
    ["description", "beta app description", "--description TEXT"],
    ["feedbackEmail", "feedback email", "--feedback-email ADDRESS"],
    ["privacyPolicyUrl", "privacy policy URL", "--privacy-policy-url URL"],
  ];
  for (const [attribute, label, flag] of fields) {
    const value = localization?.attributes[attribute];
    items.push(
      filled(value)
        ? { id: `betaAppLocalization.${locale}.${attribute}`, status: "pass", message: `${label} (${locale}) is set` }
        : {
            id: `betaAppLocalization.${locale}.${attribute}`,
            status: "fail",
            message: localization ? `${label} (${locale}) is missing` : `${label} is missing: the app has no beta app localization`,
            fix: `asckit testflight info set ${appFlag} --locale ${locale} ${flag}`,
          },
    );
  }
  const d = info.reviewDetail.attributes;
  const contact: Array<[string, string, string]> = [
    ["contactFirstName", "review contact first name", "--contact-first-name NAME"],
    ["contactLastName", "review contact last name", "--contact-last-name NAME"],
    ["contactPhone", "review contact phone", "--contact-phone NUMBER"],
    ["contactEmail", "review contact email", "--contact-email ADDRESS"],
  ];
  for (const [attribute, label, flag] of contact) {
    items.push(
      filled(d[attribute])
        ? { id: `betaAppReviewDetail.${attribute}`, status: "pass", message: `${label} is set` }
        : { id: `betaAppReviewDetail.${attribute}`, status: "fail", message: `${label} is missing`, fix: `asckit testflight info set ${appFlag} ${flag}` },
    );
  }
  if (d.demoAccountRequired === true) {
    const ok = filled(d.demoAccountName) && filled(d.demoAccountPassword);
    items.push(
      ok
        ? { id: "betaAppReviewDetail.demoAccount", status: "pass", message: "demo account is set" }
        : {
            id: "betaAppReviewDetail.demoAccount",
            status: "fail",
            message: "a demo account is required but its name or password is missing",
            fix: `asckit testflight info set ${appFlag} --demo-account-name NAME --demo-account-password PASSWORD`,
          },
    );
  }
  return items;
}
