import { z } from "zod";
import { findApp } from "../../workflows/apps.js";
import { findGroup } from "../../workflows/testflight/beta-groups.js";
import { listAppTesters } from "../../workflows/testflight/testers.js";
import { pageOutput, pageRequest, pagingInput } from "../paging.js";
import { defineTool } from "../tool-definition.js";

export default defineTool({
  name: "list_testers",
  cli: "testers list",
  title: "List TestFlight testers",
  description: "The app's TestFlight testers with e-mail, name, state (INVITED, ACCEPTED, INSTALLED…) and groups; optionally only one group's members or one address (matched exactly).",
  access: "read",
  idempotent: true,
  input: {
    app: z.string().min(1).describe("The app's numeric id or exact bundle identifier."),
    group: z.string().min(1).optional().describe("Only members of this beta group (exact name or id)."),
    email: z.string().min(3).optional().describe("Only the tester with this e-mail address (case-insensitive)."),
    ...pagingInput("testers"),
  },
  async run(args, ctx) {
    const page = pageRequest(args, ctx);
    const client = await ctx.client();
    const app = await findApp(client, args.app);
    const groupId = args.group ? (await findGroup(client, app.id, args.group)).id : undefined;
    const testers = await listAppTesters(client, { appId: app.id, groupId, email: args.email });
    return pageOutput("testers", testers, page, (t) => ({ ...t }));
  },
});
