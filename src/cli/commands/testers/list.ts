import { defineCommand } from "../../define-command.js";
import { requireOption } from "../testflight/cli-helpers.js";

export default defineCommand({
  noun: "testers",
  verb: "list",
  summary: "List an app's beta testers (optionally one group's, or one address)",
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id (required)" },
    { flags: "--group <name>", description: "only members of this group (exact name or id)" },
    { flags: "--email <address>", description: "only this address (exact, ignoring case)" },
  ],
  examples: ["asckit testers list --app com.example.app --group 'Public Beta'", "asckit testers list --app com.example.app --email ada@example.com --json"],
  async run(ctx, _args, opts) {
    const appRef = requireOption(opts.app, "--app");
    const { findApp } = await import("../../../workflows/apps.js");
    const { listGroupsOfApp, pickGroup } = await import("../../../workflows/testflight/beta-groups.js");
    const { listAppTesters } = await import("../../../workflows/testflight/testers.js");
    const client = await ctx.client();
    const app = await findApp(client, appRef);
    const groups = await listGroupsOfApp(client, app.id);
    const group = typeof opts.group === "string" ? pickGroup(groups, opts.group) : undefined;
    const testers = await listAppTesters(client, {
      appId: app.id,
      appGroupIds: new Set(groups.map((g) => g.id)),
      ...(group ? { groupId: group.id } : {}),
      ...(typeof opts.email === "string" ? { email: opts.email } : {}),
    });
    ctx.printRows(
      testers,
      [
        { header: "id", value: (t) => t.id },
        { header: "email", value: (t) => t.email },
        { header: "first name", value: (t) => t.firstName },
        { header: "last name", value: (t) => t.lastName },
        { header: "state", value: (t) => t.state },
        { header: "invite", value: (t) => t.inviteType },
        { header: "groups", value: (t) => t.groups.map((g) => g.name).join("; ") },
      ],
      (t) => ({ ...t, groups: t.groups.map((g) => g.name) }),
    );
  },
});
