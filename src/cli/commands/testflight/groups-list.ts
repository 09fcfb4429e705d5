import { defineCommand } from "../../define-command.js";
import { requireOption } from "./cli-helpers.js";

export default defineCommand({
  noun: "testflight groups",
  verb: "list",
  summary: "List an app's beta groups (internal and external)",
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id (required)" },
    { flags: "--type <type>", description: "only internal or external groups", choices: ["internal", "external"] },
  ],
  examples: ["asckit testflight groups list --app com.example.app", "asckit testflight groups list --app 6450000001 --type external --json"],
  async run(ctx, _args, opts) {
    const appRef = requireOption(opts.app, "--app");
    const { findApp } = await import("../../../workflows/apps.js");
    const { listGroupsOfApp, groupView } = await import("../../../workflows/testflight/beta-groups.js");
    const client = await ctx.client();
    const app = await findApp(client, appRef);
    const groups = (await listGroupsOfApp(client, app.id)).map(groupView).filter((g) => !opts.type || g.type === opts.type);
    ctx.printRows(groups, [
      { header: "id", value: (g) => g.id },
      { header: "name", value: (g) => g.name },
      { header: "type", value: (g) => g.type },
      { header: "all builds", value: (g) => (g.type === "internal" ? g.hasAccessToAllBuilds : "") },
      { header: "public link", value: (g) => (g.publicLinkEnabled ? g.publicLink : "") },
      { header: "link limit", value: (g) => (g.publicLinkLimitEnabled ? g.publicLinkLimit : "") },
      { header: "feedback", value: (g) => g.feedbackEnabled },
      { header: "created", value: (g) => g.createdDate },
    ]);
  },
});
