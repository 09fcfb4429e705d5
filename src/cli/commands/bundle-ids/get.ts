import { defineCommand } from "../../define-command.js";

export default defineCommand({
  noun: "bundle-ids",
  verb: "get",
  summary: "Show one bundle ID by resource id or exact identifier",
  args: ["<identifier>"],
  async run(ctx, [ref]) {
    const { findBundleId } = await import("../../../workflows/bundle-ids.js");
    const { viewOf } = await import("../../../workflows/resource-view.js");
    ctx.printRecord(viewOf(await findBundleId(await ctx.client(), ref!)));
  },
});
