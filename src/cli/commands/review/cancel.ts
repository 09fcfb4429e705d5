import { defineCommand } from "../../define-command.js";
import { DRY_RUN, VERSION_OPTIONS } from "../versions/version-options.js";

export default defineCommand({
  noun: "review",
  verb: "cancel",
  summary: "Cancel a review submission (asks first; --yes without a terminal)",
  options: [{ flags: "--submission <id>", description: "the review submission's id" }, ...VERSION_OPTIONS, DRY_RUN],
  examples: ["asckit review cancel --app com.example.app --version 1.2.0", "asckit review cancel --submission 5f1c… --yes"],
  async run(ctx, _args, opts) {
    const { ValidationError } = await import("../../../errors/asckit-error.js");
    if (!opts.submission && !opts.version) throw new ValidationError("Say what to cancel: --version (with --app) or --submission.", { category: "usage" });
    const { cancelReview } = await import("../../../workflows/release/review-submissions.js");
    const { versionRefFrom } = await import("../versions/version-options.js");
    const ref = opts.submission ? undefined : await versionRefFrom(opts);
    const result = await cancelReview(await ctx.client(), { submissionId: opts.submission as string | undefined, ref }, {
      dryRun: Boolean(opts.dryRun),
      confirm: (question) => ctx.confirm(question),
    });
    ctx.info(result.message);
    ctx.printRecord({ ...result.submission, canceled: result.canceled });
  },
});
