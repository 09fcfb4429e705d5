import { z } from "zod";
import { findApp } from "../../workflows/apps.js";
import { findGroup } from "../../workflows/testflight/beta-groups.js";
import { removeTesters } from "../../workflows/testflight/testers.js";
import { defineTool } from "../tool-definition.js";

export default defineTool({
  name: "remove_testers",
  cli: "testers remove",
  cliParams: { args: ["emails"] },
  title: "Remove TestFlight testers",
  description:
    "Removes testers by e-mail from one beta group, or from the app altogether (all its groups). They lose access to the builds; adding them back sends a new invitation. Addresses that are not testers are reported, not errors. dryRun lists who would be removed.",
  access: "destructive",
  idempotent: true,
  input: {
    app: z.string().min(1).describe("The app's numeric id or exact bundle identifier."),
    emails: z.array(z.string().min(3)).min(1).max(1000).describe("E-mail addresses of the testers to remove."),
    group: z.string().min(1).optional().describe("Only remove them from this beta group (exact name or id); without it they are removed from the app."),
    dryRun: z.boolean().optional().describe("Only list who would be removed (no confirm needed)."),
  },
  async run(args, ctx) {
    const client = await ctx.client();
    const app = await findApp(client, args.app);
    const groupId = args.group ? (await findGroup(client, app.id, args.group)).id : undefined;
    const result = await removeTesters(client, { appId: app.id, emails: args.emails, groupId, dryRun: args.dryRun });
    const from = args.group ? `group ${args.group}` : `app ${String(app.attributes.bundleId)}`;
    return {
      summary: `${args.dryRun ? "Dry run: would remove" : "Removed"} ${result.removed.length} tester(s) from ${from}${result.notFound.length ? `; not testers there: ${result.notFound.join(", ")}` : ""}.`,
      data: { dryRun: Boolean(args.dryRun), removed: result.removed.map((t) => ({ id: t.id, email: t.email })), notFound: result.notFound },
    };
  },
});
