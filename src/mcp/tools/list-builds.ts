import { z } from "zod";
import { findApp } from "../../workflows/apps.js";
import { buildView, listBuilds } from "../../workflows/builds.js";
import { pageOutput, pageRequest, pagingInput } from "../paging.js";
import { defineTool } from "../tool-definition.js";

export const PROCESSING_STATES = ["PROCESSING", "FAILED", "INVALID", "VALID"] as const;
export const PLATFORMS = ["IOS", "MAC_OS", "TV_OS", "VISION_OS"] as const;

export default defineTool({
  name: "list_builds",
  cli: "builds list",
  cliParams: { flags: { "--version": "marketingVersion", "--state": "processingState" } },
  title: "List builds",
  description:
    "Builds, newest upload first, with id, build number (`version`), `marketingVersion`, platform, processingState, uploadedDate, expired and TestFlight states. Marketing version and build number are matched exactly.",
  access: "read",
  idempotent: true,
  input: {
    app: z.string().min(1).optional().describe("Only builds of this app: its numeric id or exact bundle identifier."),
    marketingVersion: z.string().min(1).optional().describe("Only builds of this marketing version (CFBundleShortVersionString), e.g. 1.2.0."),
    buildNumber: z.string().min(1).optional().describe("Only builds with this build number (CFBundleVersion), e.g. 42. Apple calls it `version` on a build."),
    processingState: z.array(z.enum(PROCESSING_STATES)).min(1).optional().describe("Only builds in these processing states."),
    platform: z.enum(PLATFORMS).optional().describe("Only builds for this platform."),
    ...pagingInput("builds"),
  },
  async run(args, ctx) {
    const page = pageRequest(args, ctx);
    const client = await ctx.client();
    const appId = args.app ? (await findApp(client, args.app)).id : undefined;
    const builds = await listBuilds(client, {
      appId,
      marketingVersion: args.marketingVersion,
      buildNumber: args.buildNumber,
      processingState: args.processingState,
      platform: args.platform,
      max: page.fetch,
    });
    return pageOutput("builds", builds, page, buildView);
  },
});
