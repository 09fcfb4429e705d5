import { defineCommand } from "../../define-command.js";
import { requireOption } from "./cli-helpers.js";

export default defineCommand({
  noun: "testflight groups",
  verb: "delete",
  summary: "Delete a beta group by exact name or id (asks first; --yes without a terminal)",
  args: ["<group>"],
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id (required)" },
    { flags: "--dry-run", description: "show what would be deleted; send no writes" },
  ],
  examples: ["asckit testflight groups delete 'Old Beta' --app com.example.app --yes"],
  async run(ctx, [ref], opts) {
    const appRef = requireOption(opts.app, "--app");
    const { findApp } = await import("../../../workflows/apps.js");
    const { deleteGroup, groupView } = await import("../../../workflows/testflight/beta-groups.js");
    const client = await ctx.client();
    const app = await findApp(client, appRef);
    const result = await deleteGroup(client, app.id, ref!, {
      dryRun: Boolean(opts.dryRun),
      confirm: (question) => ctx.confirm(question),
    });
    ctx.info(result.deleted ? `deleted group "${String(result.group.attributes.name)}"` : `dry run: would delete group "${String(result.group.attributes.name)}"`);
    ctx.printRecord({ ...groupView(result.group), deleted: result.deleted });
  },
});
