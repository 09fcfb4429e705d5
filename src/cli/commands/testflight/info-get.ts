import { defineCommand } from "../../define-command.js";
import { requireOption } from "./cli-helpers.js";

export default defineCommand({
  noun: "testflight info",
  verb: "get",
  summary: "Show the beta app information per locale and the Beta App Review contact (password masked)",
  options: [{ flags: "--app <app>", description: "app id or exact bundle id (required)" }],
  examples: ["asckit testflight info get --app com.example.app"],
  async run(ctx, _args, opts) {
    const appRef = requireOption(opts.app, "--app");
    const { findApp } = await import("../../../workflows/apps.js");
    const { getBetaInfo, reviewDetailView } = await import("../../../workflows/testflight/beta-info.js");
    const { viewOf } = await import("../../../workflows/resource-view.js");
    const client = await ctx.client();
    const app = await findApp(client, appRef);
    const info = await getBetaInfo(client, app.id);
    const record = { app: app.id, localizations: info.localizations.map(viewOf), reviewDetail: reviewDetailView(info.reviewDetail) };
    if (ctx.format === "json") {
      ctx.printRecord(record);
      return;
    }
    ctx.printRows(record.localizations, [
      { header: "locale", value: (l) => l.locale },
      { header: "description", value: (l) => l.description },
      { header: "feedback email", value: (l) => l.feedbackEmail },
      { header: "marketing url", value: (l) => l.marketingUrl },
      { header: "privacy policy url", value: (l) => l.privacyPolicyUrl },
    ]);
    ctx.io.stdout.write("\n");
    ctx.printRecord(record.reviewDetail);
  },
});
