import { writeFileSync } from "node:fs";
import path from "node:path";
import { assertWritableTarget } from "../../check-paths.js";
import { defineCommand } from "../../define-command.js";
import { requireOption } from "../testflight/cli-helpers.js";

export default defineCommand({
  noun: "testers",
  verb: "export",
  summary: "Export an app's testers as CSV (email, first name, last name, groups), the format import reads",
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id (required)" },
    { flags: "--group <name>", description: "only members of this group (exact name or id)" },
    { flags: "--out <file>", description: "write the CSV here instead of stdout" },
  ],
  examples: ["asckit testers export --app com.example.app --out testers.csv", "asckit testers export --app com.example.app --group 'Public Beta'"],
  async run(ctx, _args, opts) {
    const appRef = requireOption(opts.app, "--app");
    const out = typeof opts.out === "string" ? path.resolve(ctx.io.cwd, opts.out) : undefined;
    // Checked before any request: a bad --out should not cost the whole export first.
    if (out) assertWritableTarget(out, "--out");
    const { findApp } = await import("../../../workflows/apps.js");
    const { findGroup } = await import("../../../workflows/testflight/beta-groups.js");
    const { exportTesters } = await import("../../../workflows/testflight/export-testers.js");
    const { formatTesterCsv } = await import("../../../workflows/testflight/tester-csv.js");
    const client = await ctx.client();
    const app = await findApp(client, appRef);
    const group = typeof opts.group === "string" ? await findGroup(client, app.id, opts.group) : undefined;
    const testers = await exportTesters(client, { appId: app.id, ...(group ? { groupId: group.id } : {}) });
    const csv = formatTesterCsv(testers);
    if (out) {
      writeFileSync(out, csv);
      ctx.info(`wrote ${testers.length} testers to ${out}`);
      return;
    }
    ctx.io.stdout.write(csv);
  },
});
