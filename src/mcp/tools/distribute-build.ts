import { z } from "zod";
import { checkBuildRef } from "../../workflows/testflight/build-ref.js";
import { distributeBuild } from "../../workflows/testflight/distribute.js";
import { checklistForAgent } from "../agent-hints.js";
import { defineTool } from "../tool-definition.js";

export default defineTool({
  name: "distribute_build",
  cli: "testflight distribute",
  cliParams: { flags: { "--version": "marketingVersion" } },
  title: "Distribute a build to TestFlight groups",
  description:
    "Takes a build to TestFlight testers: checks the groups (and, for external groups, the beta information Beta App Review needs), makes sure the build is VALID, answers export compliance when asked to, adds the groups, sets What to Test, and submits for Beta App Review when an external group is involved (an existing submission counts). Repeating it does only what is left. A build still PROCESSING is refused unless waitSeconds lets it finish; use dryRun to see the plan.",
  access: "write",
  idempotent: true,
  input: {
    build: z.string().min(1).optional().describe("The build's id. Or identify it with app, marketingVersion and buildNumber."),
    app: z.string().min(1).optional().describe("With marketingVersion and buildNumber: the app's numeric id or exact bundle identifier."),
    marketingVersion: z.string().min(1).optional().describe("The build's marketing version, e.g. 1.2.0."),
    buildNumber: z.string().min(1).optional().describe("The build number, e.g. 42."),
    groups: z.array(z.string().min(1)).min(1).describe("Beta group names (exact) or ids; list_beta_groups shows them."),
    whatToTest: z.string().min(1).max(4000).optional().describe("The What to Test text testers see for this build."),
    locale: z.string().min(2).optional().describe("Locale of whatToTest (default: the app's primary locale)."),
    usesNonExemptEncryption: z.boolean().optional().describe("Export compliance answer for a build whose Info.plist does not give it: false unless the app uses non-exempt encryption."),
    waitSeconds: z.number().int().min(0).max(600).optional().describe("How long to wait for a PROCESSING build to become VALID (default 0: refuse at once and point to wait_for_build)."),
    dryRun: z.boolean().optional().describe("Report the plan; send no write and do not wait."),
  },
  async run(args, ctx) {
    const ref = checkBuildRef({ buildId: args.build, app: args.app, marketingVersion: args.marketingVersion, buildNumber: args.buildNumber });
    let step = 0;
    const result = await distributeBuild(await ctx.client(), {
      build: ref,
      groups: args.groups,
      ...(args.whatToTest ? { whatToTest: { text: args.whatToTest, ...(args.locale ? { locale: args.locale } : {}) } } : {}),
      usesNonExemptEncryption: args.usesNonExemptEncryption,
      dryRun: args.dryRun,
      wait: { timeoutMs: (args.waitSeconds ?? 0) * 1000, intervalMs: 10_000, now: () => ctx.now(), sleep: (ms) => ctx.sleep(ms) },
      onStep: (s) => void ctx.progress(`${s.step}: ${s.detail}`, ++step),
    });
    const states = `internal ${String(result.internalBuildState)}, external ${String(result.externalBuildState)}`;
    const review = result.submission ? `; Beta App Review ${result.submission.betaReviewState}` : "";
    const steps = result.steps.map((s) => ({ ...s, detail: ctx.forAgent(s.detail) }));
    const readiness = checklistForAgent(result.readiness, ctx.forAgent);
    if (!result.dryRun) {
      return { summary: `Build ${result.buildNumber} (${String(result.marketingVersion)}) of ${result.app.bundleId} is in ${result.groups.map((g) => g.name).join(", ")}: ${states}${review}.`, data: { ...result, steps, readiness } };
    }
    const plan = `Dry run for build ${result.buildNumber} (${String(result.marketingVersion)}) of ${result.app.bundleId}`;
    // The workflow records a blocker for every step a dry run found blocked, readiness included.
    const blockers = result.blockers.map((b) => ({ ...b, ...(b.hint ? { hint: ctx.forAgent(b.hint) } : {}), ...(b.items ? { items: checklistForAgent(b.items, ctx.forAgent) } : {}) }));
    if (!blockers.length) {
      return { summary: `${plan}: ${steps.filter((s) => s.status === "would").map((s) => s.detail).join("; ") || "nothing to do"}. The real call would go through.`, data: { ...result, steps, readiness, blockers, wouldSucceed: true } };
    }
    // The real call would be refused: say so as an error, with what is missing and how to fix it,
    // so an agent does not read the plan as a go-ahead.
    const reasons = blockers.map((b) => {
      const missing = b.items?.length ? ` Missing: ${b.items.map((i) => `${i.message}${i.fix ? ` (fix: ${i.fix})` : ""}`).join("; ")}.` : "";
      return `${b.message}${missing}${b.hint ? ` Next step: ${b.hint}` : ""}`;
    });
    return {
      summary: `${plan}: the real call would be REFUSED (nothing was sent). ${reasons.join(" ")}`,
      data: { ...result, steps, readiness, blockers, wouldSucceed: false },
      isError: true,
    };
  },
});
