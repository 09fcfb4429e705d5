import { defineCommand } from "../../define-command.js";
import { CHANGE_OPTIONS, changesFrom } from "./version-changes.js";
import { APP_OPTIONS, DRY_RUN } from "./version-options.js";

export default defineCommand({
  noun: "versions",
  verb: "create",
  summary: "Create an App Store version (returns the existing one if the version string is taken)",
  args: ["<versionString>"],
  options: [...APP_OPTIONS, ...CHANGE_OPTIONS, DRY_RUN],
  examples: [
    "asckit versions create 1.2.0 --app com.example.app --release-type MANUAL --copyright '2025 Example Inc.'",
    "asckit versions create 1.3.0 --app com.example.app --release-type SCHEDULED --release-date 2025-09-01T09:00:00Z --build 42",
  ],
  async run(ctx, [versionString], opts) {
    const { createVersion, resolveApp, validatePlatform, validateVersionChanges, validateVersionString, versionView } = await import("../../../workflows/release/versions.js");
    validateVersionString(versionString!);
    const platform = validatePlatform(opts.platform as string | undefined);
    const changes = changesFrom(opts);
    validateVersionChanges(changes, ctx.io.now());
    const client = await ctx.client();
    const app = await resolveApp(client, opts.app as string | undefined);
    const result = await createVersion(client, { app, platform, versionString: versionString!, ...changes }, { dryRun: Boolean(opts.dryRun), now: ctx.io.now() });
    for (const action of result.actions) ctx.info(`${opts.dryRun ? "dry run: would " : ""}${action}`);
    if (opts.dryRun) ctx.printRecord({ ...(result.version ? versionView(result.version) : {}), ...result.planned, created: false, dryRun: true, plan: result.actions });
    else ctx.printRecord(result.version ? { ...versionView(result.version), created: result.created } : { versionString, platform, created: result.created });
  },
});
