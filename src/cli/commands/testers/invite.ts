import { defineCommand } from "../../define-command.js";
import { requireOption } from "../testflight/cli-helpers.js";

export default defineCommand({
  noun: "testers",
  verb: "invite",
  summary: "Send (or re-send) the TestFlight invitation to a tester of the app",
  args: ["<email>"],
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id (required)" },
    { flags: "--dry-run", description: "check the tester; send nothing" },
  ],
  examples: ["asckit testers invite ada@example.com --app com.example.app"],
  async run(ctx, [email], opts) {
    const { checkEmails, inviteTester } = await import("../../../workflows/testflight/testers.js");
    checkEmails([email!]);
    const appRef = requireOption(opts.app, "--app");
    const { findApp } = await import("../../../workflows/apps.js");
    const client = await ctx.client();
    const app = await findApp(client, appRef);
    const result = await inviteTester(client, { appId: app.id, email: email!, dryRun: Boolean(opts.dryRun) });
    ctx.info(result.sent ? `invitation sent to ${result.tester.email}` : `dry run: would send an invitation to ${result.tester.email}`);
    ctx.printRecord({ id: result.tester.id, email: result.tester.email, invited: result.sent });
  },
});
