import { defineCommand } from "../../define-command.js";
import { APP_OPTIONS, DRY_RUN, versionRefFrom } from "./version-options.js";

export default defineCommand({
  noun: "versions",
  verb: "release",
  summary: "Release an approved version that is PENDING_DEVELOPER_RELEASE (asks first; --yes without a terminal)",
  args: ["<version>"],
  options: [...APP_OPTIONS, DRY_RUN],
  examples: ["asckit versions release 1.2.0 --app com.example.app", "asckit versions release 1.2.0 --app com.example.app --yes"],
  async run(ctx, [version], opts) {
    const ref = await versionRefFrom(opts, version);
    const { findVersion, releaseVersion, versionView } = await import("../../../workflows/release/versions.js");
    const client = await ctx.client();
    const result = await releaseVersion(client, await findVersion(client, ref), { dryRun: Boolean(opts.dryRun), confirm: (question) => ctx.confirm(question) });
    ctx.info(result.message);
    ctx.printRecord({ ...versionView(result.version), released: result.released });
  },
});
