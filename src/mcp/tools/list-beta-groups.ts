import { z } from "zod";
import { findApp } from "../../workflows/apps.js";
import { groupView, listGroupsOfApp } from "../../workflows/testflight/beta-groups.js";
import { pageOutput, pageRequest, pagingInput } from "../paging.js";
import { defineTool } from "../tool-definition.js";

export default defineTool({
  name: "list_beta_groups",
  cli: "testflight groups list",
  title: "List TestFlight groups",
  description: "The app's TestFlight beta groups: id, name, type (internal or external), public link settings. distribute_build and import_testers take these names or ids.",
  access: "read",
  idempotent: true,
  input: {
    app: z.string().min(1).describe("The app's numeric id or exact bundle identifier."),
    ...pagingInput("groups"),
  },
  async run(args, ctx) {
    const page = pageRequest(args, ctx);
    const client = await ctx.client();
    const app = await findApp(client, args.app);
    return pageOutput("groups", await listGroupsOfApp(client, app.id), page, groupView);
  },
});
