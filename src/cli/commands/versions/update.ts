import { defineCommand } from "../../define-command.js";
import { CHANGE_OPTIONS, changesFrom } from "./version-changes.js";
import { APP_OPTIONS, DRY_RUN, versionRefFrom } from "./version-options.js";

export default defineCommand({
  noun: "versions",
  verb: "update",
  summary: "Change a version: version string, release type and date, copyright, build",
  args: ["<version>"],
  options: [...APP_OPTIONS, { flags: "--version-string <new>", description: "new version string" }, ...CHANGE_OPTIONS, DRY_RUN],
  examples: [
    "asckit versions update 1.2.0 --app com.example.app --build 42",
    "asckit versions update 1.2.0 --app com.example.app --release-type AFTER_APPROVAL --copyright '2025 Example Inc.'",
  ],
  async run(ctx, [version], opts) {
    const ref = await versionRefFrom(opts, version);
    const { findVersion, updateVersion, validateVersionChangeFormats, versionView } = await import("../../../workflows/release/versions.js");
    const changes = { ...changesFrom(opts), ...(opts.versionString ? { versionString: String(opts.versionString) } : {}) };
    // Only what needs no state here: whether a date fits the release type depends on the version as it is (the workflow checks that before any write).
    validateVersionChangeFormats(changes, ctx.io.now());
    const client = await ctx.client();
    const target = await findVersion(client, ref);
    const result = await updateVersion(client, target, changes, { dryRun: Boolean(opts.dryRun), now: ctx.io.now() });
    for (const action of result.actions) ctx.info(`${opts.dryRun && action !== "nothing to change" ? "dry run: would " : ""}${action}`);
    // A dry run shows the version as it would be after the update, not as it is.
    if (opts.dryRun) ctx.printRecord({ ...versionView(target.version), ...result.planned, dryRun: true });
    else ctx.printRecord(versionView(result.version ?? target.version));
  },
});
