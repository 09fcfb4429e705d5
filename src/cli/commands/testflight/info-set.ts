import { defineCommand } from "../../define-command.js";
import { parseBoolean, requireOption, textOrFile } from "./cli-helpers.js";

const LOCALIZATION_FLAGS = { description: "description", feedbackEmail: "feedbackEmail", marketingUrl: "marketingUrl", privacyPolicyUrl: "privacyPolicyUrl" } as const;
const REVIEW_FLAGS = ["contactFirstName", "contactLastName", "contactPhone", "contactEmail", "demoAccountName", "demoAccountPassword", "notes"] as const;

export default defineCommand({
  noun: "testflight info",
  verb: "set",
  summary: "Set beta app information (per locale) and the Beta App Review contact; only changed fields are sent",
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id (required)" },
    { flags: "--locale <locale>", description: "locale of the beta app information (default: the app's primary locale)" },
    { flags: "--description <text>", description: "beta app description, TEXT or @FILE (required for external testing)" },
    { flags: "--feedback-email <address>", description: "where testers' feedback goes (required for external testing)" },
    { flags: "--marketing-url <url>", description: "marketing URL" },
    { flags: "--privacy-policy-url <url>", description: "privacy policy URL (required for external testing)" },
    { flags: "--contact-first-name <name>", description: "Beta App Review contact first name" },
    { flags: "--contact-last-name <name>", description: "Beta App Review contact last name" },
    { flags: "--contact-phone <number>", description: "Beta App Review contact phone, e.g. +1 408 555 0100" },
    { flags: "--contact-email <address>", description: "Beta App Review contact email" },
    { flags: "--demo-account-required <bool>", description: "whether the reviewer needs a demo account (true|false)" },
    { flags: "--demo-account-name <name>", description: "demo account user name" },
    { flags: "--demo-account-password <password>", description: "demo account password (never printed): env:NAME, @FILE or - (standard input); a literal value works but stays in shell history" },
    { flags: "--notes <text>", description: "notes for the reviewer, TEXT or @FILE" },
    { flags: "--dry-run", description: "show what would change; send no writes" },
  ],
  examples: [
    "asckit testflight info set --app com.example.app --description @beta.txt --feedback-email beta@example.com --privacy-policy-url https://example.com/privacy",
    "asckit testflight info set --app com.example.app --contact-first-name Ada --contact-last-name Lovelace --contact-phone '+1 408 555 0100' --contact-email ada@example.com",
  ],
  async run(ctx, _args, opts) {
    const { validateBetaInfo, setBetaInfo } = await import("../../../workflows/testflight/beta-info.js");
    const localizationFields: Record<string, string> = {};
    for (const key of Object.keys(LOCALIZATION_FLAGS)) if (typeof opts[key] === "string") localizationFields[key] = key === "description" ? textOrFile(String(opts[key]), "--description", ctx.io.cwd) : String(opts[key]);
    const review: Record<string, unknown> = {};
    for (const key of REVIEW_FLAGS) if (typeof opts[key] === "string") review[key] = key === "notes" ? textOrFile(String(opts[key]), `--${key}`, ctx.io.cwd) : String(opts[key]);
    if (typeof opts.demoAccountPassword === "string") review.demoAccountPassword = await (await import("../../secret-option.js")).readSecretOption(ctx, opts.demoAccountPassword, "--demo-account-password");
    const required = parseBoolean(opts.demoAccountRequired, "--demo-account-required");
    if (required !== undefined) review.demoAccountRequired = required;
    const hasLocalization = Object.keys(localizationFields).length > 0 || typeof opts.locale === "string";
    const hasReview = Object.keys(review).length > 0;
    if (!hasLocalization && !hasReview) {
      const { ValidationError } = await import("../../../errors/asckit-error.js");
      throw new ValidationError("Nothing to set.", { category: "usage", hint: "Pass at least one field, e.g. --description or --contact-email (see --help)." });
    }
    const appRef = requireOption(opts.app, "--app");
    if (typeof opts.locale === "string") validateBetaInfo({ locale: opts.locale, ...localizationFields }, review);
    else validateBetaInfo(undefined, review);

    const { findApp } = await import("../../../workflows/apps.js");
    const client = await ctx.client();
    const app = await findApp(client, appRef);
    const locale = typeof opts.locale === "string" ? opts.locale : String(app.attributes.primaryLocale ?? "en-US");
    const result = await setBetaInfo(
      client,
      app.id,
      { ...(hasLocalization ? { localization: { locale, ...localizationFields } } : {}), ...(hasReview ? { reviewDetail: review } : {}) },
      { dryRun: Boolean(opts.dryRun) },
    );
    const verb = (action: string) => (action === "unchanged" ? "unchanged" : opts.dryRun ? `would ${action}` : `${action}d`);
    if (result.localization) ctx.info(`beta app localization ${locale}: ${verb(result.localization.action)} ${Object.keys(result.localization.changes).join(", ")}`.trimEnd());
    if (result.reviewDetail) ctx.info(`beta app review details: ${verb(result.reviewDetail.action)} ${Object.keys(result.reviewDetail.changes).join(", ")}`.trimEnd());
    ctx.printRecord({
      app: app.id,
      dryRun: Boolean(opts.dryRun),
      ...(result.localization ? { localization: { locale, action: result.localization.action, changes: result.localization.changes } } : {}),
      ...(result.reviewDetail ? { reviewDetail: { action: result.reviewDetail.action, changes: result.reviewDetail.changes } } : {}),
    });
  },
});
