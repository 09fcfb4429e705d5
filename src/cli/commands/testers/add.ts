import { defineCommand } from "../../define-command.js";
import { listOption, requireOption, splitArgs } from "../testflight/cli-helpers.js";
import { reportImport } from "./report-import.js";

export default defineCommand({
  noun: "testers",
  verb: "add",
  summary: "Add testers by email to beta groups (creates new testers; existing ones are only linked)",
  args: ["<emails...>"],
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id (required)" },
    { flags: "--group <names>", description: "beta group names (exact) or ids, comma-separated (required)", repeatable: true },
    { flags: "--first-name <name>", description: "first name (new testers only)" },
    { flags: "--last-name <name>", description: "last name (new testers only)" },
    { flags: "--dry-run", description: "show what would be sent; send no writes" },
  ],
  examples: ["asckit testers add ada@example.com grace@example.com --app com.example.app --group 'Public Beta'"],
  async run(ctx, [emailArgs], opts) {
    const { checkEmails } = await import("../../../workflows/testflight/testers.js");
    const emails = checkEmails(splitArgs(emailArgs));
    const groups = listOption(opts.group);
    const appRef = requireOption(opts.app, "--app");
    if (!groups.length) requireOption(undefined, "--group", "Testers join an app through a beta group: pass --group NAME.");
    const { findApp } = await import("../../../workflows/apps.js");
    const { importTesters } = await import("../../../workflows/testflight/import-testers.js");
    const client = await ctx.client();
    const app = await findApp(client, appRef);
    const result = await importTesters(client, {
      appId: app.id,
      appName: String(app.attributes.name),
      groups,
      rows: emails.map((email) => ({
        line: 0,
        email,
        ...(typeof opts.firstName === "string" ? { firstName: opts.firstName } : {}),
        ...(typeof opts.lastName === "string" ? { lastName: opts.lastName } : {}),
        groups: [],
      })),
      dryRun: Boolean(opts.dryRun),
    });
    reportImport(ctx, result, []);
  },
});
