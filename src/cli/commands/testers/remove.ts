import { defineCommand } from "../../define-command.js";
import { requireOption, splitArgs } from "../testflight/cli-helpers.js";

export default defineCommand({
  noun: "testers",
  verb: "remove",
  summary: "Remove testers by email from one group, or from the app (all its groups; asks first) without --group",
  args: ["<emails...>"],
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id (required)" },
    { flags: "--group <name>", description: "remove from this group only (exact name or id)" },
    { flags: "--dry-run", description: "show who would be removed; send no writes" },
  ],
  examples: [
    "asckit testers remove ada@example.com --app com.example.app --group 'Public Beta'",
    "asckit testers remove ada@example.com --app com.example.app --dry-run",
    "asckit testers remove ada@example.com --app com.example.app --yes",
  ],
  async run(ctx, [emailArgs], opts) {
    const { checkEmails, removeTesters } = await import("../../../workflows/testflight/testers.js");
    const emails = checkEmails(splitArgs(emailArgs));
    const appRef = requireOption(opts.app, "--app");
    const { findApp } = await import("../../../workflows/apps.js");
    const { findGroup } = await import("../../../workflows/testflight/beta-groups.js");
    const client = await ctx.client();
    const app = await findApp(client, appRef);
    const group = typeof opts.group === "string" ? await findGroup(client, app.id, opts.group) : undefined;
    const from = group ? `group "${String(group.attributes.name)}"` : `app ${String(app.attributes.bundleId)}`;
    const result = await removeTesters(client, {
      appId: app.id,
      emails,
      ...(group ? { groupId: group.id } : {}),
      dryRun: Boolean(opts.dryRun),
      // Without --group every group of the app loses them: ask first (needs --yes off a terminal).
      from,
      ...(group ? {} : { confirm: (question: string) => ctx.confirm(question) }),
    });
    for (const e of result.notFound) ctx.info(`${e} is not a tester of ${from}; nothing to remove`);
    ctx.info(`${opts.dryRun ? "dry run: would remove" : "removed"} ${result.removed.length} tester(s) from ${from}`);
    ctx.printRows(
      result.removed,
      [
        { header: "id", value: (t) => t.id },
        { header: "email", value: (t) => t.email },
      ],
      (t) => ({ id: t.id, email: t.email, removed: !opts.dryRun }),
    );
  },
});
