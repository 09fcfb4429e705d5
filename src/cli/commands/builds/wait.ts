import { defineCommand } from "../../define-command.js";
import { parseDuration } from "../../parse-duration.js";

export default defineCommand({
  noun: "builds",
  verb: "wait",
  summary: "Wait until a build finishes processing (exit 0 VALID, 9 INVALID/FAILED, 7 timeout)",
  args: ["<id>"],
  options: [
    { flags: "--timeout <duration>", description: "give up after this long", default: "30m" },
    { flags: "--interval <duration>", description: "time between polls", default: "30s" },
  ],
  examples: ["asckit builds wait 0a1b2c3d --timeout 45m --interval 1m"],
  async run(ctx, [id], opts) {
    const timeoutMs = parseDuration(String(opts.timeout), "--timeout");
    const intervalMs = parseDuration(String(opts.interval), "--interval");
    const { waitForBuild, buildView } = await import("../../../workflows/builds.js");
    const progress = ctx.progress(`build ${id}`);
    const build = await waitForBuild(await ctx.client(), id!, {
      timeoutMs,
      intervalMs,
      now: ctx.io.now,
      sleep: ctx.io.sleep,
      onPoll: (state, elapsed) => progress.update(Math.min(elapsed, timeoutMs), timeoutMs, `${state} after ${Math.round(elapsed / 1000)}s`),
    }).finally(() => progress.done());
    ctx.printRecord(buildView(build));
  },
});
