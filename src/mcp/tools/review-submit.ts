import { z } from "zod";
import { readListing } from "../../workflows/release/listing.js";
import { preflightChecks } from "../../workflows/release/preflight.js";
import { submitForReview } from "../../workflows/release/review-submissions.js";
import { checklistForAgent } from "../agent-hints.js";
import { defineTool } from "../tool-definition.js";
import { versionInput, versionRef } from "./version-input.js";

export default defineTool({
  name: "review_submit",
  cli: "review submit",
  title: "Submit a version for App Review",
  description:
    "Submits an App Store version for App Review: runs the preflight (any failure stops it before a write, with the checklist), reuses the app's open draft submission or creates one, adds the version, submits. Repeating it after success reports the existing submission. dryRun lists the actions without writing. On a 409 the error lists every reason Apple gave.",
  access: "write",
  idempotent: true,
  input: {
    ...versionInput,
    offline: z.boolean().optional().describe("Run the preflight without opening URLs."),
    skipPreflight: z.boolean().optional().describe("Submit without the local checks and let App Store Connect decide."),
    dryRun: z.boolean().optional().describe("Only report what would be done; send no write."),
  },
  async run(args, ctx) {
    const client = await ctx.client();
    const ref = versionRef(args);
    const result = await submitForReview(client, ref, {
      dryRun: args.dryRun,
      preflight: args.skipPreflight ? undefined : async () => preflightChecks(client, await readListing(client, ref), { offline: args.offline, fetch: ctx.fetch }),
    });
    const problems = result.checks.filter((c) => c.status !== "pass");
    return {
      summary: result.message,
      data: {
        submission: result.submission ?? null,
        version: result.version,
        created: result.created,
        itemAdded: result.itemAdded,
        submitted: result.submitted,
        alreadySubmitted: result.alreadySubmitted,
        actions: result.actions,
        dryRun: Boolean(args.dryRun),
        preflight: { checked: result.checks.length, warnings: checklistForAgent(problems, ctx.forAgent) },
      },
    };
  },
});
