import { defineCommand } from "../../define-command.js";
import { DRY_RUN, VERSION_OPTIONS, versionRefFrom } from "../versions/version-options.js";
import { printPlan } from "./show-plan.js";

const FIELDS = [
  ["--name <text>", "name", "app name (≤ 30 characters)"],
  ["--subtitle <text>", "subtitle", "subtitle (≤ 30 characters)"],
  ["--privacy-policy-url <url>", "privacyPolicyUrl", "privacy policy URL"],
  ["--description <text>", "description", "description (≤ 4000 characters)"],
  ["--keywords <text>", "keywords", "comma-separated keywords (≤ 100 characters)"],
  ["--whats-new <text>", "whatsNew", "What's New (≤ 4000 characters)"],
  ["--promotional-text <text>", "promotionalText", "promotional text (≤ 170 characters)"],
  ["--support-url <url>", "supportUrl", "support URL"],
  ["--marketing-url <url>", "marketingUrl", "marketing URL"],
] as const;

const optionKey = (flags: string) => flags.split(" ")[0]!.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export default defineCommand({
  noun: "metadata",
  verb: "set",
  summary: "Set listing fields of one locale (app info and version localization; adds the locale if new)",
  options: [...VERSION_OPTIONS, { flags: "--locale <locale>", description: "App Store locale, e.g. en-US", default: "en-US" }, ...FIELDS.map(([flags, , description]) => ({ flags, description })), DRY_RUN],
  examples: ["asckit metadata set --app com.example.app --version 1.2.0 --locale en-US --whats-new 'Bug fixes and speed.'", "asckit metadata set --version 1.2.0 --locale de-DE --name 'Demo App' --description '…' --keywords 'listen,notizen'"],
  async run(ctx, _args, opts) {
    const ref = await versionRefFrom(opts);
    const { ValidationError } = await import("../../../errors/asckit-error.js");
    const fields: Record<string, string> = {};
    for (const [flags, field] of FIELDS) {
      const value = opts[optionKey(flags)];
      if (value !== undefined) fields[field] = String(value);
    }
    if (!Object.keys(fields).length) throw new ValidationError("Nothing to set: pass at least one field, e.g. --whats-new.", { category: "usage" });
    const { applyMetadata } = await import("../../../workflows/release/metadata.js");
    const { plan } = await applyMetadata(await ctx.client(), ref, { locales: { [String(opts.locale)]: fields } }, { dryRun: Boolean(opts.dryRun) });
    ctx.info(!plan.operations.length ? "already set; nothing sent" : opts.dryRun ? `dry run: would send ${plan.operations.length} request(s)` : `set ${plan.changes.length} field(s)`);
    printPlan(ctx, plan);
  },
});
