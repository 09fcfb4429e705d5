import { defineCommand } from "../../define-command.js";
import { parseDuration } from "../../parse-duration.js";
import { parsePollInterval } from "../../poll-interval.js";
import { APP_OPTIONS } from "../versions/version-options.js";

export default defineCommand({
  noun: "review",
  verb: "status",
  summary: "Show review submissions of an app or version; --wait until App Review is done",
  options: [
    { flags: "--version <version>", description: "only submissions of this version (version string or id)" },
    ...APP_OPTIONS,
    { flags: "--wait", description: "wait until the version's open submission is COMPLETE (exit 9 if App Review returns it)" },
    { flags: "--timeout <duration>", description: "give up waiting after this long", default: "2h" },
    { flags: "--interval <duration>", description: "time between polls while waiting", default: "1m" },
  ],
  examples: ["asckit review status --app com.example.app --version 1.2.0", "asckit review status --version 1.2.0 --wait --interval 30s --timeout 3d"],
  async run(ctx, _args, opts) {
    const { ValidationError } = await import("../../../errors/asckit-error.js");
    const timeoutMs = parseDuration(String(opts.timeout), "--timeout");
    const intervalMs = await parsePollInterval(ctx, opts.interval);
    if (opts.wait && !opts.version) throw new ValidationError("--wait needs --version.", { category: "usage" });
    if (opts.version && !/^[0-9a-f]{8}-/i.test(String(opts.version))) {
      const { validateVersionString } = await import("../../../workflows/release/versions.js");
      validateVersionString(String(opts.version));
    }
    const { reviewStatus, waitForReview, SUBMITTED_STATES } = await import("../../../workflows/release/review-submissions.js");
    const { versionFlags } = await import("../../../workflows/release/command-flags.js");
    const client = await ctx.client();
    const ref = { app: opts.app as string | undefined, version: opts.version as string, platform: opts.platform as string | undefined };
    let status = await reviewStatus(client, ref);
    if (opts.wait) {
      const open = status.submissions.find((s) => SUBMITTED_STATES.has(s.state));
      if (open) {
        const progress = ctx.progress(`review ${open.id}`);
        await waitForReview(client, open.id, {
          timeoutMs,
          intervalMs,
          now: ctx.io.now,
          sleep: ctx.io.sleep,
          onPoll: (state, elapsed) => progress.wait(state, elapsed, timeoutMs),
          versionFlags: versionFlags({ id: status.app.id, attributes: { bundleId: status.app.bundleId } }, String(status.version?.versionString ?? opts.version), status.platform),
        }).finally(() => progress.done());
        status = await reviewStatus(client, ref);
      } else {
        ctx.info(`no submission of version ${String(opts.version)} is waiting for App Review`);
      }
    }
    if (status.version) ctx.info(`version ${String(status.version.versionString)} is ${String(status.version.appVersionState)}`);
    ctx.printRows(status.submissions, [
      { header: "id", value: (s) => s.id },
      { header: "state", value: (s) => s.state },
      { header: "version", value: (s) => s.versionString },
      { header: "versionState", value: (s) => s.appVersionState },
      { header: "submitted", value: (s) => s.submittedDate },
    ]);
  },
});
