import { z } from "zod";
import { findApp } from "../../workflows/apps.js";
import { viewOf } from "../../workflows/resource-view.js";
import { defineTool } from "../tool-definition.js";

export default defineTool({
  name: "get_app",
  cli: "apps get",
  cliParams: { args: ["app"] },
  title: "Get an app",
  description: "One app by its numeric id or its exact bundle identifier.",
  access: "read",
  idempotent: true,
  input: {
    app: z.string().min(1).describe("The app's numeric App Store Connect id (e.g. 6450000001) or its exact bundle identifier (e.g. com.example.app)."),
  },
  async run(args, ctx) {
    const app = viewOf(await findApp(await ctx.client(), args.app));
    return { summary: `App ${String(app.name)} (${String(app.bundleId)}), id ${app.id}.`, data: app };
  },
});
