import { defineCommand } from "../../define-command.js";
import { APP_OPTIONS } from "./version-options.js";

export default defineCommand({
  noun: "versions",
  verb: "list",
  summary: "List an app's App Store versions with their state and build",
  options: [...APP_OPTIONS, { flags: "--state <states>", description: "appVersionState values, comma-separated (e.g. PREPARE_FOR_SUBMISSION)" }],
  examples: ["asckit versions list --app com.example.app", "asckit versions list --app com.example.app --platform MAC_OS --json"],
  async run(ctx, _args, opts) {
    const { listVersions, resolveApp, validatePlatform, versionView } = await import("../../../workflows/release/versions.js");
    const platform = validatePlatform(opts.platform as string | undefined);
    const client = await ctx.client();
    const app = await resolveApp(client, opts.app as string | undefined);
    const states = opts.state ? String(opts.state).split(",").map((s) => s.trim().toUpperCase()).filter(Boolean) : undefined;
    const versions = (await listVersions(client, app.id, { platform, states })).map(versionView);
    ctx.printRows(versions, [
      { header: "id", value: (v) => v.id },
      { header: "version", value: (v) => v.versionString },
      { header: "platform", value: (v) => v.platform },
      { header: "state", value: (v) => v.appVersionState },
      { header: "release", value: (v) => v.releaseType },
      { header: "build", value: (v) => v.buildNumber },
      { header: "created", value: (v) => v.createdDate },
    ]);
  },
});
