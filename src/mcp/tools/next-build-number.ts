import { z } from "zod";
import { findApp } from "../../workflows/apps.js";
import { nextBuildNumber } from "../../workflows/builds/next-build-number.js";
import { PLATFORMS } from "./list-builds.js";
import { defineTool } from "../tool-definition.js";

export default defineTool({
  name: "next_build_number",
  cli: "builds next-number",
  cliParams: { flags: { "--version": "marketingVersion" } },
  title: "Next build number",
  description:
    "The next free build number (CFBundleVersion) for an app: one above the highest in use, compared numerically (2.0.10 > 2.0.9), counting uploads still being processed. Per marketing version by default, as Apple requires uniqueness there; `global` gives one above the highest over all versions.",
  access: "read",
  idempotent: true,
  input: {
    app: z.string().min(1).describe("The app's numeric id or exact bundle identifier."),
    marketingVersion: z.string().min(1).optional().describe("The marketing version (CFBundleShortVersionString) the build is for, e.g. 1.2.0. Needed unless global is true."),
    global: z.boolean().optional().describe("Count every version of the app, not just marketingVersion."),
    platform: z.enum(PLATFORMS).optional().describe("Only builds and uploads for this platform."),
  },
  async run(args, ctx) {
    const client = await ctx.client();
    const app = await findApp(client, args.app);
    const next = await nextBuildNumber(client, { appId: app.id, marketingVersion: args.marketingVersion, global: args.global, platform: args.platform });
    const scope = next.scope === "global" ? "over all versions" : `for version ${String(next.marketingVersion)}`;
    const highest = next.highest ? `the highest in use ${scope} is ${next.highest} (${next.highestFrom === "upload" ? "an upload still in flight" : "a build"})` : `none is in use ${scope}`;
    return { summary: `Next build number: ${next.next}; ${highest}.`, data: { ...next } };
  },
});
