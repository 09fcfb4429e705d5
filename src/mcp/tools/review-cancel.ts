import { z } from "zod";
import { ValidationError } from "../../errors/asckit-error.js";
import { cancelReview } from "../../workflows/release/review-submissions.js";
import { PLATFORMS } from "../../workflows/release/versions.js";
import { defineTool } from "../tool-definition.js";
import { versionRef } from "./version-input.js";

export default defineTool({
  name: "review_cancel",
  cli: "review cancel",
  cliParams: { flags: { "--submission": "submissionId" } },
  title: "Cancel an App Review submission",
  description:
    "Cancels an open review submission, by id or as the one holding a version: App Review stops and the version comes back for editing; it has to be submitted again and waits in the queue anew. A submission already COMPLETE or CANCELING is reported, not an error. dryRun says what would be canceled.",
  access: "destructive",
  idempotent: true,
  input: {
    submissionId: z.string().min(1).optional().describe("The review submission's id (from review_status). Or name the version with app and version."),
    app: z.string().min(1).optional().describe("With version: the app's numeric id or exact bundle identifier."),
    version: z.string().min(1).optional().describe("The version string (e.g. 1.2.0) whose open submission to cancel."),
    platform: z.enum(PLATFORMS).optional().describe("The version's platform (default IOS)."),
    dryRun: z.boolean().optional().describe("Only say what would be canceled (no confirm needed)."),
  },
  async run(args, ctx) {
    if (!args.submissionId && !args.version) throw new ValidationError("Give submissionId, or version (with app).", { category: "usage", field: "submissionId" });
    const target = args.submissionId ? { submissionId: args.submissionId } : { ref: versionRef({ version: args.version!, app: args.app, platform: args.platform }) };
    const result = await cancelReview(await ctx.client(), target, { dryRun: args.dryRun });
    return { summary: result.message, data: { ...result, dryRun: Boolean(args.dryRun) } };
  },
});
