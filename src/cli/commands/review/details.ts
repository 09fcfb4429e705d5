import { defineCommand } from "../../define-command.js";
import { DRY_RUN, VERSION_OPTIONS, versionRefFrom } from "../versions/version-options.js";

const FIELDS = [
  ["--first-name <name>", "firstName", "contactFirstName"],
  ["--last-name <name>", "lastName", "contactLastName"],
  ["--phone <phone>", "phone", "contactPhone"],
  ["--email <email>", "email", "contactEmail"],
  ["--demo-account-name <name>", "demoAccountName", "demoAccountName"],
  ["--notes <text>", "notes", "notes"],
] as const;

export default defineCommand({
  noun: "review",
  verb: "details",
  summary: "Show App Review details of a version, or set them with the flags",
  options: [
    ...VERSION_OPTIONS,
    ...FIELDS.map(([flags, , field]) => ({ flags, description: `set ${field}` })),
    { flags: "--demo-account-password <password>", description: "set demoAccountPassword: env:NAME (an environment variable), @FILE, or - (standard input); a literal value works but stays in shell history" },
    { flags: "--demo-account-required <yes|no>", description: "whether App Review needs the demo account", choices: ["yes", "no"] },
    DRY_RUN,
  ],
  examples: [
    "asckit review details --app com.example.app --version 1.2.0",
    "asckit review details --version 1.2.0 --first-name Ada --last-name Lovelace --phone '+1 408 555 0100' --email ada@example.com",
    "asckit review details --version 1.2.0 --demo-account-required yes --demo-account-name reviewer --demo-account-password env:ASC_DEMO_ACCOUNT_PASSWORD",
  ],
  async run(ctx, _args, opts) {
    const ref = await versionRefFrom(opts);
    const review: Record<string, unknown> = {};
    for (const [, key, field] of FIELDS) if (opts[key] !== undefined) review[field] = String(opts[key]);
    if (opts.demoAccountPassword !== undefined) {
      const { readSecretOption } = await import("../../secret-option.js");
      review.demoAccountPassword = await readSecretOption(ctx, String(opts.demoAccountPassword), "--demo-account-password");
    }
    if (opts.demoAccountRequired !== undefined) review.demoAccountRequired = opts.demoAccountRequired === "yes";
    const client = await ctx.client();
    const { maskSecret } = await import("../../../errors/mask-secrets.js");
    if (Object.keys(review).length) {
      const { applyMetadata } = await import("../../../workflows/release/metadata.js");
      const { plan } = await applyMetadata(client, ref, { locales: {}, review }, { dryRun: Boolean(opts.dryRun) });
      ctx.info(!plan.operations.length ? "App Review details already match; nothing sent" : `${opts.dryRun ? "dry run: would change" : "changed"} ${plan.changes.map((c) => c.field).join(", ")}`);
      if (opts.dryRun) return;
    }
    const { readListing } = await import("../../../workflows/release/listing.js");
    const listing = await readListing(client, ref);
    const a = listing.reviewDetail?.attributes ?? {};
    ctx.printRecord({
      id: listing.reviewDetail?.id ?? null,
      contactFirstName: a.contactFirstName ?? null,
      contactLastName: a.contactLastName ?? null,
      contactPhone: a.contactPhone ?? null,
      contactEmail: a.contactEmail ?? null,
      demoAccountRequired: a.demoAccountRequired ?? false,
      demoAccountName: a.demoAccountName ?? null,
      demoAccountPassword: maskSecret(a.demoAccountPassword ?? null),
      notes: a.notes ?? null,
    });
  },
});
