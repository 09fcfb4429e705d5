import { z } from "zod";
import { listBundleIds } from "../../workflows/bundle-ids.js";
import { viewOf } from "../../workflows/resource-view.js";
import { pageOutput, pageRequest, pagingInput } from "../paging.js";
import { defineTool } from "../tool-definition.js";

export default defineTool({
  name: "list_bundle_ids",
  cli: "bundle-ids list",
  title: "List bundle IDs",
  description: "Registered bundle IDs (App IDs): id, identifier, name, platform, seedId. The identifier filter matches exactly. Needs a team key (individual keys cannot use provisioning endpoints).",
  access: "read",
  idempotent: true,
  input: {
    identifier: z.string().min(1).optional().describe("Only this exact identifier (case-insensitive), e.g. com.example.app."),
    platform: z.enum(["IOS", "MAC_OS", "UNIVERSAL"]).optional().describe("Only bundle IDs for this platform."),
    ...pagingInput("bundle IDs"),
  },
  async run(args, ctx) {
    const page = pageRequest(args, ctx);
    const ids = await listBundleIds(await ctx.client(), { identifier: args.identifier, platform: args.platform, max: page.fetch });
    return pageOutput("bundle IDs", ids, page, viewOf);
  },
});
