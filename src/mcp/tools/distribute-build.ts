import { z } from "zod";
import { checkBuildRef } from "../../workflows/testflight/build-ref.js";
import { distributeBuild } from "../../workflows/testflight/distribute.js";
import { defineTool } from "../tool-definition.js";

export default defineTool({
  name: "distribute_build",
  cli: "testflight distribute",
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
    const summary = result.dryRun
      ? `Dry run for build ${result.buildNumber} (${String(result.marketingVersion)}) of ${result.app.bundleId}: ${result.steps.filter((s) => s.status === "would").map((s) => s.detail).join("; ") || "nothing to do"}.`
      : `Build ${result.buildNumber} (${String(result.marketingVersion)}) of ${result.app.bundleId} is in ${result.groups.map((g) => g.name).join(", ")}: ${states}${review}.`;
    return { summary, data: { ...result } };
  },
});
