import { defineCommand } from "../../define-command.js";
import { requiredApp, versionScope } from "./app-option.js";

export default defineCommand({
  noun: "builds",
  verb: "next-number",
  summary: "The next free build number: one above the highest in use, counting uploads still in flight",
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id (required)" },
    { flags: "--version <version>", description: "marketing version (CFBundleShortVersionString); build numbers are unique per version" },
    { flags: "--global", description: "one above the highest number over every version" },
    { flags: "--platform <platform>", description: "IOS, MAC_OS, TV_OS or VISION_OS", choices: ["IOS", "MAC_OS", "TV_OS", "VISION_OS"] },
  ],
  examples: ["asckit builds next-number --app com.example.app --version 1.2.0", "agvtool new-version -all $(asckit builds next-number --app com.example.app --global --json | jq -r .next)"],
  async run(ctx, _args, opts) {
    const appRef = requiredApp(opts);
    const scope = versionScope(opts);
    const { findApp } = await import("../../../workflows/apps.js");
    const { nextBuildNumber } = await import("../../../workflows/builds/next-build-number.js");
    const client = await ctx.client();
    const app = await findApp(client, appRef);
    const next = await nextBuildNumber(client, { appId: app.id, ...scope, platform: opts.platform as string | undefined });
    ctx.printRecord({ ...next, bundleId: app.attributes.bundleId }, ["next", "highest", "highestFrom", "scope", "marketingVersion", "platform", "builds", "uploadsInFlight", "appId", "bundleId"]);
  },
});
