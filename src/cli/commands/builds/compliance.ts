import { ValidationError } from "../../../errors/asckit-error.js";
import { defineCommand } from "../../define-command.js";

export default defineCommand({
  noun: "builds",
  verb: "compliance",
  summary: "Answer a build's export compliance question (usesNonExemptEncryption)",
  args: ["<id>"],
  options: [
    { flags: "--uses-non-exempt-encryption <answer>", description: "true if the app uses non-exempt encryption, false if none or only exempt (e.g. HTTPS)", choices: ["true", "false"] },
    { flags: "--dry-run", description: "show what would change; send nothing" },
  ],
  examples: ["asckit builds compliance 0a1b2c3d --uses-non-exempt-encryption false"],
  async run(ctx, [id], opts) {
    if (opts.usesNonExemptEncryption === undefined) {
      throw new ValidationError("--uses-non-exempt-encryption true|false is required.", {
        category: "usage",
        field: "--uses-non-exempt-encryption",
        hint: "false when the app uses no encryption or only exempt encryption such as HTTPS; set ITSAppUsesNonExemptEncryption in Info.plist to answer it on upload.",
      });
    }
    const { setExportCompliance } = await import("../../../workflows/builds/export-compliance.js");
    const { marketingVersionOf } = await import("../../../workflows/builds.js");
    const r = await setExportCompliance(await ctx.client(), id!, opts.usesNonExemptEncryption === "true", { dryRun: opts.dryRun === true });
    const current = r.build.attributes.usesNonExemptEncryption;
    ctx.printRecord({
      id: r.build.id,
      marketingVersion: marketingVersionOf(r.build),
      version: r.build.attributes.version,
      usesNonExemptEncryption: opts.dryRun ? (current ?? null) : r.usesNonExemptEncryption,
      ...(opts.dryRun ? { dryRun: true, wouldChange: r.changed } : { changed: r.changed }),
      internalBuildState: r.internalBuildState,
      externalBuildState: r.externalBuildState,
    });
  },
});
