import { defineCommand } from "../../define-command.js";
import { requiredApp, versionScope } from "./app-option.js";

export default defineCommand({
  noun: "builds",
  verb: "latest",
  summary: "The build with the highest build number for a version (--global: over all versions)",
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id (required)" },
    { flags: "--version <version>", description: "marketing version (CFBundleShortVersionString), e.g. 1.2.0" },
    { flags: "--global", description: "the highest build number over every version of the app" },
    { flags: "--platform <platform>", description: "IOS, MAC_OS, TV_OS or VISION_OS", choices: ["IOS", "MAC_OS", "TV_OS", "VISION_OS"] },
  ],
  examples: ["asckit builds latest --app com.example.app --version 1.2.0", "asckit builds latest --app com.example.app --global --json"],
  async run(ctx, _args, opts) {
    const appRef = requiredApp(opts);
    const scope = versionScope(opts);
    const { findApp } = await import("../../../workflows/apps.js");
    const { latestBuild } = await import("../../../workflows/builds/latest-build.js");
    const { buildView } = await import("../../../workflows/builds.js");
    const client = await ctx.client();
    const app = await findApp(client, appRef);
    const latest = await latestBuild(client, { appId: app.id, ...scope, platform: opts.platform as string | undefined });
    for (const u of latest.newerUploads) ctx.info(`note: upload ${u.id} of ${u.marketingVersion} (${u.number}) is still in flight (${u.state}) and will be a newer build.`);
    ctx.printRecord(buildView(latest.build));
  },
});
