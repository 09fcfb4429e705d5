import { defineCommand } from "../../define-command.js";

export default defineCommand({
  noun: "apps",
  verb: "list",
  summary: "List the apps this key can see",
  options: [
    { flags: "--bundle-id <id>", description: "only the app with exactly this bundle id" },
    { flags: "--name <name>", description: "only apps with exactly this name" },
    { flags: "--max <n>", description: "stop after n apps" },
  ],
  examples: ["asckit apps list", "asckit apps list --bundle-id com.example.app --json"],
  async run(ctx, _args, opts) {
    const { listApps } = await import("../../../workflows/apps.js");
    const { viewOf } = await import("../../../workflows/resource-view.js");
    const apps = await listApps(await ctx.client(), {
      bundleId: opts.bundleId as string | undefined,
      name: opts.name as string | undefined,
      max: opts.max ? Number(opts.max) : undefined,
    });
    ctx.printRows(apps.map(viewOf), [
      { header: "id", value: (a) => a.id },
      { header: "name", value: (a) => a.name },
      { header: "bundleId", value: (a) => a.bundleId },
      { header: "sku", value: (a) => a.sku },
      { header: "primaryLocale", value: (a) => a.primaryLocale },
    ]);
  },
});
