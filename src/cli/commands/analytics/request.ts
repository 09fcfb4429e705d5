import { defineCommand } from "../../define-command.js";

export default defineCommand({
  noun: "analytics",
  verb: "request",
  summary: "Ask Apple to produce Analytics Reports for an app (reuses the existing request for the same access type)",
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id" },
    { flags: "--access <type>", description: "ongoing (daily reports from now on) or one-time (a snapshot of the past)", default: "ongoing" },
    { flags: "--dry-run", description: "say whether a request would be created, without creating it" },
  ],
  examples: ["asckit analytics request --app com.example.demo --access ongoing"],
  async run(ctx, _args, opts) {
    const { ensureAnalyticsRequest, parseAccessType } = await import("../../../workflows/analytics/index.js");
    const { findApp } = await import("../../../workflows/apps.js");
    const { requireApp } = await import("./require-app.js");
    const accessType = parseAccessType(String(opts.access));
    const client = await ctx.client();
    const app = await findApp(client, requireApp(opts.app));
    const { request, created } = await ensureAnalyticsRequest(client, { appId: app.id, accessType, dryRun: Boolean(opts.dryRun) });
    // "an ONGOING" but "a ONE_TIME_SNAPSHOT" (read "one-time"): the article goes by the sound, not the letter.
    const article = accessType === "ONGOING" ? "an" : "a";
    if (!request) {
      ctx.info(`dry run: would create ${article} ${accessType} analytics report request for ${String(app.attributes.bundleId)} (${app.id}).`);
      return;
    }
    ctx.info(created ? `Created ${article} ${accessType} request; Apple usually needs a day or two for the first reports.` : `Reusing the existing ${accessType} request.`);
    ctx.printRecord({ id: request.id, app: app.id, created, ...request.attributes }, ["id", "app", "accessType", "stoppedDueToInactivity", "created"]);
  },
});
