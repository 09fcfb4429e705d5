import { defineCommand } from "../../define-command.js";

export default defineCommand({
  noun: "bundle-ids",
  verb: "create",
  summary: "Register a bundle ID (permanent; returns the existing one if the team has it)",
  args: ["<identifier>"],
  options: [
    { flags: "--name <name>", description: "display name (default: the identifier)" },
    { flags: "--platform <platform>", description: "IOS, MAC_OS or UNIVERSAL", default: "IOS", choices: ["IOS", "MAC_OS", "UNIVERSAL"] },
    { flags: "--dry-run", description: "show what would happen; send no writes" },
  ],
  examples: ["asckit bundle-ids create com.example.app --name 'Example' --yes", "asckit bundle-ids create com.example.app --dry-run"],
  async run(ctx, [identifier], opts) {
    const { ensureBundleId, validateBundleIdentifier } = await import("../../../workflows/bundle-ids.js");
    const { viewOf } = await import("../../../workflows/resource-view.js");
    validateBundleIdentifier(identifier!); // before credentials or network
    const result = await ensureBundleId(
      await ctx.client(),
      { identifier: identifier!, name: String(opts.name ?? identifier), platform: opts.platform as "IOS" },
      {
        dryRun: Boolean(opts.dryRun),
        confirm: (question) => ctx.confirm(question),
      },
    );
    if (opts.dryRun) {
      ctx.info(result.plan === "exists" ? `dry run: ${identifier} already exists; nothing to do` : `dry run: would create ${identifier} (${String(opts.platform)})`);
      ctx.printRecord({ identifier, plan: result.plan, ...(result.bundleId ? viewOf(result.bundleId) : {}) });
      return;
    }
    ctx.info(result.created ? `created ${identifier}` : `${identifier} already exists; not created again`);
    ctx.printRecord({ ...viewOf(result.bundleId!), created: result.created });
  },
});
