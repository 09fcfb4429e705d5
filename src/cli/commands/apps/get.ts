import { defineCommand } from "../../define-command.js";

export default defineCommand({
  noun: "apps",
  verb: "get",
  summary: "Show one app by id or exact bundle id",
  args: ["<app>"],
  examples: ["asckit apps get com.example.app", "asckit apps get 6450000001"],
  async run(ctx, [ref]) {
    const { findApp } = await import("../../../workflows/apps.js");
    const { viewOf } = await import("../../../workflows/resource-view.js");
    ctx.printRecord(viewOf(await findApp(await ctx.client(), ref!)));
  },
});
