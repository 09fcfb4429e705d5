import { z } from "zod";
import { runPreflight } from "../../workflows/release/preflight.js";
import { checklistForAgent } from "../agent-hints.js";
import { defineTool } from "../tool-definition.js";
import { versionInput, versionRef } from "./version-input.js";

export default defineTool({
  name: "review_check",
  cli: "review check",
  title: "Preflight a version for App Review",
  description:
    "Checks everything App Review needs from an App Store version before submitting, and returns a checklist of pass/warn/fail items, each failure with its fix: build attached and VALID, export compliance, every localization's required fields within Apple's limits, URLs well-formed and reachable, App Review contact, screenshots and previews, no other open submission in the way. Sends no write.",
  access: "read",
  idempotent: true,
  input: {
    ...versionInput,
    offline: z.boolean().optional().describe("Do not open the privacy policy, support and marketing URLs (they are still checked to be well-formed)."),
    media: z.boolean().optional().describe("Check screenshots and previews too (default true)."),
  },
  async run(args, ctx) {
    const report = await runPreflight(await ctx.client(), versionRef(args), { offline: args.offline, fetch: ctx.fetch, media: args.media });
    // Problems first: they are what the agent acts on.
    const order = { fail: 0, warn: 1, pass: 2 } as const;
    const items = checklistForAgent([...report.items].sort((a, b) => order[a.status] - order[b.status]), ctx.forAgent);
    const { pass, warn, fail } = report.counts;
    const summary = report.ok
      ? `Version ${String(report.version.versionString)} (${report.platform}) is ready to submit: ${pass} passed, ${warn} warning(s).`
      : `Version ${String(report.version.versionString)} (${report.platform}) is not ready: ${fail} failing, ${warn} warning(s). Fix the failing items (each has a fix), then check again.`;
    return { summary, data: { ...report, items } };
  },
});
