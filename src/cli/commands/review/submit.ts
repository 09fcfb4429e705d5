import { defineCommand } from "../../define-command.js";
import { parseDuration } from "../../parse-duration.js";
import { DRY_RUN, VERSION_OPTIONS, versionRefFrom } from "../versions/version-options.js";
import { printChecklist, summary } from "./print-checklist.js";

export default defineCommand({
  noun: "review",
  verb: "submit",
  summary: "Submit a version for App Review (preflight, then the review submission flow; safe to re-run)",
  options: [
    ...VERSION_OPTIONS,
    { flags: "--offline", description: "preflight without opening URLs" },
    { flags: "--url-timeout <duration>", description: "time allowed per URL in the preflight", default: "10s" },
    { flags: "--skip-preflight", description: "submit without the local checks and let App Store Connect decide" },
    DRY_RUN,
  ],
  examples: ["asckit review submit --app com.example.app --version 1.2.0", "asckit review submit --version 1.2.0 --dry-run"],
  async run(ctx, _args, opts) {
    const ref = await versionRefFrom(opts);
    const urlTimeoutMs = parseDuration(String(opts.urlTimeout), "--url-timeout");
    const { submitForReview, PreflightFailedError } = await import("../../../workflows/release/review-submissions.js");
    const { readListing } = await import("../../../workflows/release/listing.js");
    const { preflightChecks } = await import("../../../workflows/release/preflight.js");
    const client = await ctx.client();
    const preflight = opts.skipPreflight
      ? undefined
      : async () => {
          ctx.info("running the preflight…");
          return preflightChecks(client, await readListing(client, ref), { offline: Boolean(opts.offline), fetch: globalThis.fetch, urlTimeoutMs });
        };
    try {
      const result = await submitForReview(client, ref, { dryRun: Boolean(opts.dryRun), preflight });
      if (result.checks.length) ctx.info(`preflight: ${summary(result.checks)}`);
      ctx.info(result.message);
      ctx.printRecord({
        submissionId: result.submission?.id ?? null,
        state: result.submission?.state ?? null,
        versionString: result.version.versionString,
        ...(result.submitted ? {} : { appVersionState: result.submission?.appVersionState ?? result.version.appVersionState }),
        created: result.created,
        itemAdded: result.itemAdded,
        submitted: result.submitted,
        alreadySubmitted: result.alreadySubmitted,
        ...(opts.dryRun ? { plan: result.actions } : {}),
      });
    } catch (error) {
      if (error instanceof PreflightFailedError) {
        printChecklist(ctx, error.items.filter((i) => i.status !== "pass"));
        ctx.info(`preflight: ${summary(error.items)}`);
      }
      throw error;
    }
  },
});
