import { defineCommand } from "../../define-command.js";
import { parseDuration } from "../../parse-duration.js";
import { parsePollInterval } from "../../poll-interval.js";

export default defineCommand({
  noun: "builds",
  verb: "wait",
  summary: "Wait until a build (or the build of a buildUpload) finishes processing (exit 0 VALID, 9 INVALID/FAILED, 7 timeout)",
  args: ["<id>"],
  options: [
    { flags: "--timeout <duration>", description: "give up after this long", default: "30m" },
    { flags: "--interval <duration>", description: "time between polls", default: "30s" },
  ],
  examples: ["asckit builds wait 0a1b2c3d --timeout 45m --interval 1m"],
  async run(ctx, [id], opts) {
    const timeoutMs = parseDuration(String(opts.timeout), "--timeout");
    const intervalMs = await parsePollInterval(ctx, opts.interval);
    const { buildView } = await import("../../../workflows/builds.js");
    // The id may be a buildUpload's (what `builds upload` prints): then the upload, then its build.
    const { waitForBuildOrUpload } = await import("../../../workflows/builds/wait-for-upload.js");
    const progress = ctx.progress(`build ${id}`);
    const { build } = await waitForBuildOrUpload(await ctx.client(), id!, {
      timeoutMs,
      intervalMs,
      now: ctx.io.now,
      sleep: ctx.io.sleep,
      // Apple gives no fraction for processing: show the state and the time waited, not a percentage.
      onPoll: (state, elapsed) => progress.wait(state, elapsed, timeoutMs),
      onUploadPoll: (state, elapsed) => progress.wait(`upload ${state}`, elapsed, timeoutMs),
    }).finally(() => progress.done());
    ctx.printRecord(buildView(build));
  },
});
