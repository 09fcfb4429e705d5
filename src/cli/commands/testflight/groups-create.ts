import { defineCommand } from "../../define-command.js";
import { parseCount, requireOption } from "./cli-helpers.js";

export default defineCommand({
  noun: "testflight groups",
  verb: "create",
  summary: "Create a beta group (external unless --internal); an existing group with the same name is left as is",
  args: ["<name>"],
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id (required)" },
    { flags: "--internal", description: "an internal group (App Store Connect users; up to 100 testers per app)" },
    { flags: "--all-builds", description: "internal groups: give every new build to the group automatically" },
    { flags: "--public-link", description: "external groups: enable a public TestFlight link" },
    { flags: "--public-link-limit <n>", description: "external groups: at most n testers through the public link (1-10000; enables the link)" },
    { flags: "--feedback", description: "let testers send feedback (Apple's default)" },
    { flags: "--no-feedback", description: "turn tester feedback off" },
    { flags: "--dry-run", description: "show what would happen; send no writes" },
  ],
  examples: [
    "asckit testflight groups create 'Public Beta' --app com.example.app --public-link --public-link-limit 500",
    "asckit testflight groups create 'QA' --app com.example.app --internal --all-builds",
  ],
  async run(ctx, [name], opts) {
    const { createGroup, validateNewGroup, groupView } = await import("../../../workflows/testflight/beta-groups.js");
    const limit = parseCount(opts.publicLinkLimit, "--public-link-limit", 1, 10_000);
    const input = {
      appId: "",
      name: name!,
      kind: opts.internal ? ("internal" as const) : ("external" as const),
      ...(opts.publicLink ? { publicLink: true } : {}),
      ...(limit !== undefined ? { publicLinkLimit: limit } : {}),
      ...(typeof opts.feedback === "boolean" ? { feedbackEnabled: opts.feedback } : {}),
      ...(opts.allBuilds ? { allBuilds: true } : {}),
    };
    validateNewGroup(input); // before credentials or network
    const appRef = requireOption(opts.app, "--app");
    const { findApp } = await import("../../../workflows/apps.js");
    const client = await ctx.client();
    const app = await findApp(client, appRef);
    const result = await createGroup(client, { ...input, appId: app.id }, { dryRun: Boolean(opts.dryRun) });
    if (result.plan === "exists") {
      ctx.info(`a group named "${name}" already exists (${result.group!.id}); nothing created`);
      ctx.printRecord({ ...groupView(result.group!), created: false });
      return;
    }
    if (opts.dryRun) {
      ctx.info(`dry run: would create ${input.kind} group "${name}" for ${String(app.attributes.bundleId)}`);
      ctx.printRecord({ plan: "create", app: app.id, ...result.attributes });
      return;
    }
    ctx.info(`created ${input.kind} group "${name}"`);
    ctx.printRecord({ ...groupView(result.group!), created: true });
  },
});
