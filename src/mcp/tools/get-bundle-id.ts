import { z } from "zod";
import { findBundleId } from "../../workflows/bundle-ids.js";
import { viewOf } from "../../workflows/resource-view.js";
import { defineTool } from "../tool-definition.js";

export default defineTool({
  name: "get_bundle_id",
  cli: "bundle-ids get",
  cliParams: { args: ["bundleId"] },
  title: "Get a bundle ID",
  description: "One bundle ID by its resource id or its exact identifier (e.g. com.example.app; matched exactly although Apple's filter matches substrings).",
  access: "read",
  idempotent: true,
  input: {
    bundleId: z.string().min(1).describe("The bundle ID's resource id, or its identifier such as com.example.app."),
  },
  async run(args, ctx) {
    const b = viewOf(await findBundleId(await ctx.client(), args.bundleId));
    return { summary: `${String(b.identifier)} (${String(b.platform)}), id ${b.id}.`, data: b };
  },
});
