import { defineCommand } from "../../define-command.js";

export default defineCommand({
  noun: "builds",
  verb: "get",
  summary: "Show one build with its marketing version and TestFlight states",
  args: ["<id>"],
  async run(ctx, [id]) {
    const { getBuild, buildView } = await import("../../../workflows/builds.js");
    ctx.printRecord(buildView(await getBuild(await ctx.client(), id!)));
  },
});
