import type { DistributeResult } from "../../../workflows/testflight/distribute.js";
import { defineCommand } from "../../define-command.js";
import { parseDuration } from "../../parse-duration.js";
import { parsePollInterval } from "../../poll-interval.js";
import { BUILD_OPTIONS, buildRefInput } from "./build-options.js";
import { listOption, parseBoolean, printChecklist, textOrFile } from "./cli-helpers.js";

const STATUS_LABEL = { would: "would  ", already: "ok     ", done: "done   ", blocked: "BLOCKED" } as const;

export default defineCommand({
  noun: "testflight",
  verb: "distribute",
  summary: "Take a build to beta groups: wait for VALID, export compliance, groups, What to Test, Beta App Review",
  options: [
    ...BUILD_OPTIONS,
    { flags: "--groups <names>", description: "beta group names (exact) or ids, comma-separated (required)", repeatable: true },
    { flags: "--what-to-test <text>", description: "What to Test notes: TEXT, or a file to read them from (@FILE, or a path with a / or ending in .txt/.md)" },
    { flags: "--locale <locale>", description: "locale of the What to Test notes (default: the app's primary locale)" },
    { flags: "--uses-non-exempt-encryption <bool>", description: "export compliance answer (true|false) when the Info.plist has no ITSAppUsesNonExemptEncryption" },
    { flags: "--wait-for-review", description: "also wait until Beta App Review approves the build (external groups)" },
    { flags: "--timeout <duration>", description: "give up waiting after this long", default: "30m" },
    { flags: "--interval <duration>", description: "time between polls", default: "30s" },
    { flags: "--dry-run", description: "print the plan; send no writes and do not wait" },
  ],
  examples: [
    "asckit testflight distribute --build 0a1b2c3d --groups 'QA,Public Beta' --what-to-test @notes.txt --uses-non-exempt-encryption false",
    "asckit testflight distribute --app com.example.app --version 1.2.0 --build-number 42 --groups QA --dry-run",
  ],
  async run(ctx, _args, opts) {
    const { checkBuildRef } = await import("../../../workflows/testflight/build-ref.js");
    const { ValidationError } = await import("../../../errors/asckit-error.js");
    const ref = checkBuildRef(buildRefInput(opts));
    const groups = listOption(opts.groups);
    if (!groups.length) throw new ValidationError("--groups is required.", { field: "--groups", category: "usage", hint: "Name the beta groups, e.g. --groups 'QA,Public Beta'." });
    const timeoutMs = parseDuration(String(opts.timeout), "--timeout");
    const intervalMs = await parsePollInterval(ctx, opts.interval);
    const compliance = parseBoolean(opts.usesNonExemptEncryption, "--uses-non-exempt-encryption");
    const whatToTest = typeof opts.whatToTest === "string" ? { text: textOrFile(opts.whatToTest, "--what-to-test", ctx.io.cwd, { bareFiles: true }), ...(typeof opts.locale === "string" ? { locale: opts.locale } : {}) } : undefined;

    const { distributeBuild, distributionOf, BetaNotReadyError } = await import("../../../workflows/testflight/distribute.js");
    const { failed } = await import("../../../workflows/checklist.js");
    const printResult = (result: DistributeResult) =>
      ctx.printRecord({
        build: result.buildId,
        app: result.app.bundleId,
        marketingVersion: result.marketingVersion,
        buildNumber: result.buildNumber,
        groups: result.groups.map((g) => `${g.name} (${g.kind})`),
        processingState: result.processingState,
        internalBuildState: result.internalBuildState,
        externalBuildState: result.externalBuildState,
        betaReviewState: result.submission?.betaReviewState,
        dryRun: result.dryRun,
        ...(result.dryRun ? { wouldBeRefused: result.blockers.length > 0 } : {}),
        ...(ctx.format === "json" ? { steps: result.steps, readiness: result.readiness, blockers: result.blockers } : {}),
      });
    const progress = ctx.progress("waiting");
    let waiting = false;
    try {
      const result = await distributeBuild(await ctx.client(), {
        build: ref,
        groups,
        ...(whatToTest ? { whatToTest } : {}),
        ...(compliance !== undefined ? { usesNonExemptEncryption: compliance } : {}),
        dryRun: Boolean(opts.dryRun),
        waitForReview: Boolean(opts.waitForReview),
        wait: {
          timeoutMs,
          intervalMs,
          now: ctx.io.now,
          sleep: ctx.io.sleep,
          onPoll: (state, elapsed) => {
            waiting = true;
            progress.wait(state, elapsed, timeoutMs);
          },
        },
        onStep: (step) => {
          if (waiting) progress.done();
          waiting = false;
          ctx.info(`${STATUS_LABEL[step.status]} ${step.step}: ${step.detail}`);
        },
      });
      if (result.readiness.length && (opts.dryRun || failed(result.readiness).length)) {
        ctx.info("Beta App Review readiness:");
        printChecklist(ctx, result.readiness);
      }
      printResult(result);
      // A dry run that found what the real run would refuse exits as that run would (8), with its reasons.
      if (result.blockers.length) {
        const [first, ...more] = result.blockers;
        const message = more.length ? `Dry run: the real run would be refused at ${result.blockers.length} steps: ${result.blockers.map((b) => `${b.step}: ${b.message}`).join(" ")}` : `Dry run: the real run would be refused: ${first!.message}`;
        throw new ValidationError(message, { hint: result.blockers.map((b) => b.hint).filter(Boolean).join(" Also: ") || undefined });
      }
    } catch (error) {
      // Beta App Review rejected the build (exit 9) or was still going at --timeout (exit 7): the
      // groups and the submission are in place all the same, and a script reads that state on stdout.
      const done = distributionOf(error);
      if (done) {
        progress.done();
        printResult(done);
      }
      if (error instanceof BetaNotReadyError && !opts.dryRun) {
        ctx.info("Beta App Review readiness:");
        printChecklist(ctx, error.items);
      }
      throw error;
    } finally {
      progress.done();
    }
  },
});
