import { defineCommand } from "../../define-command.js";

export default defineCommand({
  noun: "analytics",
  verb: "reports",
  summary: "List the Analytics Reports available for an app's report request",
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id" },
    { flags: "--request <id>", description: "a report request id (default: the app's ongoing request, else its one-time one)" },
    { flags: "--category <category>", description: "APP_USAGE, APP_STORE_ENGAGEMENT, COMMERCE, FRAMEWORK_USAGE or PERFORMANCE" },
  ],
  examples: ["asckit analytics reports --app com.example.demo --category COMMERCE"],
  async run(ctx, _args, opts) {
    const { listAnalyticsReports, parseCategory, readableRequest } = await import("../../../workflows/analytics/index.js");
    const { findApp } = await import("../../../workflows/apps.js");
    const { requireApp } = await import("./require-app.js");
    const client = await ctx.client();
    const category = opts.category ? parseCategory(String(opts.category)) : undefined;
    const requestId = opts.request ? String(opts.request) : (await readableRequest(client, (await findApp(client, requireApp(opts.app))).id)).id;
    const reports = await listAnalyticsReports(client, requestId, { category });
    ctx.printRows(
      reports,
      [
        { header: "id", value: (r) => r.id },
        { header: "category", value: (r) => r.attributes.category },
        { header: "name", value: (r) => r.attributes.name },
      ],
      (r) => ({ id: r.id, ...r.attributes }),
    );
  },
});
