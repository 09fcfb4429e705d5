import { defineCommand } from "../../define-command.js";

export const bundleIdColumns = [
  { header: "id", value: (b: Record<string, unknown>) => b.id },
  { header: "identifier", value: (b: Record<string, unknown>) => b.identifier },
  { header: "name", value: (b: Record<string, unknown>) => b.name },
  { header: "platform", value: (b: Record<string, unknown>) => b.platform },
  { header: "seedId", value: (b: Record<string, unknown>) => b.seedId },
];

export default defineCommand({
  noun: "bundle-ids",
  verb: "list",
  summary: "List bundle IDs (App IDs) of the team",
  options: [
    { flags: "--identifier <id>", description: "only this exact identifier" },
    { flags: "--platform <platform>", description: "IOS, MAC_OS or UNIVERSAL", choices: ["IOS", "MAC_OS", "UNIVERSAL"] },
    { flags: "--max <n>", description: "stop after n bundle IDs" },
  ],
  async run(ctx, _args, opts) {
    const { listBundleIds } = await import("../../../workflows/bundle-ids.js");
    const { viewOf } = await import("../../../workflows/resource-view.js");
    const ids = await listBundleIds(await ctx.client(), {
      identifier: opts.identifier as string | undefined,
      platform: opts.platform as string | undefined,
      max: opts.max ? Number(opts.max) : undefined,
    });
    ctx.printRows(ids.map(viewOf), bundleIdColumns);
  },
});
