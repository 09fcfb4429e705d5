import { z } from "zod";
import { BUNDLE_ID_PLATFORMS, ensureBundleId } from "../../workflows/bundle-ids.js";
import { viewOf } from "../../workflows/resource-view.js";
import { defineTool } from "../tool-definition.js";

export default defineTool({
  name: "create_bundle_id",
  cli: "bundle-ids create",
  title: "Register a bundle ID",
  description:
    "Registers a bundle ID (explicit App ID) unless the team already has it, in which case the existing one is returned (safe to repeat). The identifier is checked locally first (reverse-DNS; wildcards are portal-only). Its identifier and platform can never be changed afterwards, so use dryRun first when unsure. Team keys only.",
  access: "write",
  idempotent: true,
  input: {
    identifier: z.string().min(1).describe("Reverse-DNS identifier, letters, digits, hyphens and periods, e.g. com.example.app."),
    name: z.string().min(1).describe("A display name for the App ID, e.g. Example App."),
    platform: z.enum(BUNDLE_ID_PLATFORMS).describe("IOS, MAC_OS, or UNIVERSAL (both)."),
    dryRun: z.boolean().optional().describe("Only report whether it exists or would be created; send no write."),
  },
  async run(args, ctx) {
    const result = await ensureBundleId(await ctx.client(), { identifier: args.identifier, name: args.name, platform: args.platform }, { dryRun: args.dryRun });
    const data = { plan: result.plan, created: result.created, dryRun: Boolean(args.dryRun), bundleId: result.bundleId ? viewOf(result.bundleId) : undefined };
    const summary = result.plan === "exists"
      ? `${args.identifier} is already registered (id ${String(result.bundleId?.id)}); nothing was created.`
      : args.dryRun
        ? `${args.identifier} does not exist yet and would be created (dry run: nothing sent).`
        : `Registered ${args.identifier} (id ${String(result.bundleId?.id)}).`;
    return { summary, data };
  },
});
