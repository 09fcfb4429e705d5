import { defineCommand } from "../../define-command.js";
import { APP_OPTIONS, versionRefFrom } from "./version-options.js";

export default defineCommand({
  noun: "versions",
  verb: "get",
  summary: "Show one App Store version (by version string or id)",
  args: ["<version>"],
  options: APP_OPTIONS,
  examples: ["asckit versions get 1.2.0 --app com.example.app"],
  async run(ctx, [version], opts) {
    const ref = await versionRefFrom(opts, version);
    const { findVersion, versionView } = await import("../../../workflows/release/versions.js");
    const found = await findVersion(await ctx.client(), ref);
    ctx.printRecord(versionView(found.version));
  },
});
