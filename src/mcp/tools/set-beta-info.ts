import { z } from "zod";
import { findApp } from "../../workflows/apps.js";
import { viewOf } from "../../workflows/resource-view.js";
import { reviewDetailView, setBetaInfo } from "../../workflows/testflight/beta-info.js";
import { defineTool } from "../tool-definition.js";

const text = (what: string) => z.string().optional().describe(`${what} ("" clears it).`);

export default defineTool({
  name: "set_beta_info",
  cli: "testflight info set",
  title: "Set TestFlight beta information",
  description:
    "Sets what external testers and Beta App Review need before a build can go to an external group: the beta app description, feedback e-mail and privacy policy URL for a locale, and the review contact (name, phone, e-mail) and demo account. Sends only fields that differ, so repeating it is harmless; dryRun shows the changes. The demo account password is never returned.",
  access: "write",
  idempotent: true,
  input: {
    app: z.string().min(1).describe("The app's numeric id or exact bundle identifier."),
    locale: z.string().min(2).optional().describe("Locale of the beta description fields, e.g. en-US (needed when any of them is given)."),
    description: text("What testers should know about the app (up to 4000 characters)"),
    feedbackEmail: text("Where testers' feedback goes"),
    marketingUrl: text("Marketing URL (http or https)"),
    privacyPolicyUrl: text("Privacy policy URL (http or https); required for external testing"),
    contactFirstName: text("Beta App Review contact's first name"),
    contactLastName: text("Beta App Review contact's last name"),
    contactPhone: text("Beta App Review contact's phone, e.g. +1 408 555 0100"),
    contactEmail: text("Beta App Review contact's e-mail"),
    demoAccountName: text("Sign-in name App Review can use"),
    demoAccountPassword: text("Password of that account (sent to Apple, never shown back)"),
    demoAccountRequired: z.boolean().optional().describe("Whether signing in is needed to review the app."),
    notes: text("Notes for Beta App Review"),
    dryRun: z.boolean().optional().describe("Only report what would change; send no write."),
  },
  async run(args, ctx) {
    const { app: appRef, locale, description, feedbackEmail, marketingUrl, privacyPolicyUrl, dryRun, ...review } = args;
    const client = await ctx.client();
    const app = await findApp(client, appRef);
    const localizationFields = { description, feedbackEmail, marketingUrl, privacyPolicyUrl };
    const hasLocalization = Object.values(localizationFields).some((v) => v !== undefined);
    const hasReview = Object.values(review).some((v) => v !== undefined);
    const lang = locale ?? (hasLocalization ? String(app.attributes.primaryLocale ?? "en-US") : undefined);
    const result = await setBetaInfo(
      client,
      app.id,
      { ...(hasLocalization ? { localization: { locale: lang!, ...localizationFields } } : {}), ...(hasReview ? { reviewDetail: review } : {}) },
      { dryRun },
    );
    const localization = result.localization ? { locale: result.localization.locale, action: result.localization.action, changes: result.localization.changes, ...(result.localization.resource ? { current: viewOf(result.localization.resource) } : {}) } : undefined;
    const reviewDetail = result.reviewDetail ? { action: result.reviewDetail.action, changes: result.reviewDetail.changes, ...(result.reviewDetail.resource ? { current: reviewDetailView(result.reviewDetail.resource) } : {}) } : undefined;
    const what = [localization && `localization ${localization.locale}: ${localization.action}`, reviewDetail && `review details: ${reviewDetail.action}`].filter(Boolean).join("; ");
    return { summary: `${dryRun ? "Dry run, nothing sent. " : ""}${what || "Nothing to set: pass at least one field."}`, data: { dryRun: Boolean(dryRun), localization, reviewDetail } };
  },
});
