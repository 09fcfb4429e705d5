import { z } from "zod";
import { listApps } from "../../workflows/apps.js";
import { viewOf } from "../../workflows/resource-view.js";
import { pageOutput, pageRequest, pagingInput } from "../paging.js";
import { defineTool } from "../tool-definition.js";

export default defineTool({
  name: "list_apps",
  cli: "apps list",
  title: "List apps",
  description: "Apps on the App Store Connect team: id, name, bundleId, sku, primaryLocale. Filters match exactly (Apple's own filters match substrings). Use an app's id or bundleId wherever another tool asks for an app.",
  access: "read",
  idempotent: true,
  input: {
    bundleId: z.string().min(1).optional().describe("Only the app with exactly this bundle identifier (case-insensitive), e.g. com.example.app."),
    name: z.string().min(1).optional().describe("Only apps with exactly this name."),
    ...pagingInput("apps"),
  },
  async run(args, ctx) {
    const page = pageRequest(args, ctx);
    const apps = await listApps(await ctx.client(), { bundleId: args.bundleId, name: args.name, max: page.fetch });
    return pageOutput("apps", apps, page, viewOf);
  },
});
