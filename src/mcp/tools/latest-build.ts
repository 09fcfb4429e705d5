import { z } from "zod";
import { findApp } from "../../workflows/apps.js";
import { buildView } from "../../workflows/builds.js";
import { latestBuild } from "../../workflows/builds/latest-build.js";
import { PLATFORMS } from "./list-builds.js";
import { defineTool } from "../tool-definition.js";

export default defineTool({
  name: "latest_build",
  cli: "builds latest",
  cliParams: { flags: { "--version": "marketingVersion" } },
  title: "Latest build",
  description: "The build with the highest build number (compared numerically) for a marketing version, or over the whole app with `global`, plus any uploads with a higher number still in flight.",
  access: "read",
  idempotent: true,
  input: {
    app: z.string().min(1).describe("The app's numeric id or exact bundle identifier."),
    marketingVersion: z.string().min(1).optional().describe("The marketing version, e.g. 1.2.0. Needed unless global is true."),
    global: z.boolean().optional().describe("The highest build number over every version of the app."),
    platform: z.enum(PLATFORMS).optional().describe("Only builds for this platform."),
  },
  async run(args, ctx) {
    const client = await ctx.client();
    const app = await findApp(client, args.app);
    const latest = await latestBuild(client, { appId: app.id, marketingVersion: args.marketingVersion, global: args.global, platform: args.platform });
    const build = buildView(latest.build);
    const newer = latest.newerUploads.map((u) => u.number);
    return {
      summary: `Latest build: ${String(build.version)} (${String(build.marketingVersion ?? args.marketingVersion ?? "?")}), id ${build.id}, ${String(build.processingState)}.${newer.length ? ` Uploads in flight with higher numbers: ${newer.join(", ")}.` : ""}`,
      data: { build, newerUploadsInFlight: newer },
    };
  },
});
