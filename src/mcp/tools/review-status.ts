import { z } from "zod";
import { reviewStatus } from "../../workflows/release/review-submissions.js";
import { PLATFORMS } from "../../workflows/release/versions.js";
import { defineTool } from "../tool-definition.js";

/** Submissions listed one by one up to this many, newest first. */
const LISTED = 20;

export default defineTool({
  name: "review_status",
  cli: "review status",
  title: "App Review status",
  description: "Review submissions of an app (newest first) with their state (READY_FOR_REVIEW, WAITING_FOR_REVIEW, IN_REVIEW, UNRESOLVED_ISSUES, COMPLETE…), or only those holding one version, with the version's own state.",
  access: "read",
  idempotent: true,
  input: {
    app: z.string().min(1).optional().describe("The app's numeric id or exact bundle identifier (optional when the key sees one app)."),
    version: z.string().min(1).optional().describe("Only submissions holding this version (version string or appStoreVersion id)."),
    platform: z.enum(PLATFORMS).optional().describe("Platform (default IOS)."),
  },
  async run(args, ctx) {
    const status = await reviewStatus(await ctx.client(), { version: args.version as string, ...(args.app ? { app: args.app } : {}), ...(args.platform ? { platform: args.platform } : {}) });
    const latest = status.submissions[0];
    const subject = status.version ? `Version ${String(status.version.versionString)} (${String(status.version.appVersionState ?? status.version.appStoreState ?? "?")})` : `${String(status.app.bundleId)} (${status.platform})`;
    return {
      summary: `${subject}: ${status.submissions.length} submission(s)${latest ? `; newest ${latest.id} is ${latest.state}` : ""}.`,
      data: { ...status, submissions: status.submissions.slice(0, LISTED), ...(status.submissions.length > LISTED ? { notListed: status.submissions.length - LISTED } : {}) },
    };
  },
});
