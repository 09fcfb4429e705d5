import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cliInvocation } from "../../cli-invocation.js";
import { defineCommand } from "../../define-command.js";
import { formatElapsed } from "../../output/progress.js";
import { parseDuration } from "../../parse-duration.js";
import { ValidationError } from "../../../errors/asckit-error.js";
import type { EmulatorEngine } from "../../../emulator/engine/index.js";
import type { EmulatorService } from "../../../emulator/index.js";

const int = (value: unknown, flag: string, min = 0): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new ValidationError(`${flag} must be an integer ≥ ${min}, not "${String(value)}".`, { category: "usage", field: flag });
  return n;
};

export default defineCommand({
  noun: "emulator",
  verb: "start",
  summary: "Run the local App Store Connect API emulator; prints its URL and a ready-to-use key",
  options: [
    { flags: "--port <port>", description: "port on 127.0.0.1 (0 = any free port)", default: "0" },
    { flags: "--data <file>", description: "SQLite file to persist state and the API key across restarts (default: in memory); with a fixed --port, saved profiles keep working" },
    { flags: "--key-dir <dir>", description: "where to write the API key (.p8 and fastlane JSON), kept after it stops (default: next to --data, else a private temporary directory removed when it stops)" },
    { flags: "--processing-delay <duration>", description: "how long a new build stays PROCESSING", default: "5s" },
    { flags: "--rate-limit <n>", description: "requests per hour per key", default: "3600" },
    { flags: "--latency <ms>", description: "added latency per request" },
    { flags: "--error-rate <share>", description: "share of requests answered with a 5xx (0..1)" },
    { flags: "--seed <n>", description: "seed for injected faults and ids", default: "1" },
    { flags: "--no-demo", description: "start empty, without the demo apps and builds" },
    // Not `--env-file`: Node 20 takes that flag for itself wherever it appears on the command line.
    { flags: "--write-env <file>", description: "once listening, write the export lines to FILE (for `. FILE` in another shell); removed when it stops" },
    { flags: "--request-log <file>", description: "append one JSON line per request served (method, path, query, body, status; never headers) to FILE" },
    { flags: "--review-outcome <outcome>", description: "App Review's decision for submissions: approve, or reject (= unresolved: the submission ends UNRESOLVED_ISSUES, the version REJECTED)", choices: ["approve", "reject", "unresolved"] },
    { flags: "--beta-review-outcome <outcome>", description: "Beta App Review's decision for every build without its own plan", choices: ["approve", "reject"] },
    { flags: "--review-delay <duration>", description: "time from submission to decision, App Review and Beta App Review (a third waiting, the rest in review)" },
  ],
  examples: [
    "asckit emulator start --port 4010",
    // The emulator runs until Ctrl-C, so `$(asckit emulator start …)` never returns: start it in
    // the background and read the environment from the file it writes once it is listening (the
    // `rm` first, so that the loop cannot pick up a file from an earlier run).
    "rm -f emu.env; asckit emulator start --data emu.db --port 4010 --write-env emu.env &  until [ -s emu.env ]; do sleep 0.2; done; . ./emu.env; asckit apps list",
    "asckit emulator start --review-outcome reject --beta-review-outcome reject --review-delay 20s",
  ],
  async run(ctx, _args, opts) {
    const port = int(opts.port, "--port")!;
    const errorRate = opts.errorRate === undefined ? undefined : Number(opts.errorRate);
    if (errorRate !== undefined && !(errorRate >= 0 && errorRate <= 1)) throw new ValidationError("--error-rate must be between 0 and 1.", { category: "usage", field: "--error-rate" });
    const dataFile = opts.data ? path.resolve(ctx.io.cwd, String(opts.data)) : undefined;
    // With --data the key belongs to the data (see startEmulatorService), so its files live next to it.
    // Without either, a private temporary directory is made once the flags are checked.
    const chosenKeyDir = opts.keyDir !== undefined ? String(opts.keyDir) : dataFile ? `${dataFile}.keys` : undefined;
    const envFile = opts.writeEnv ? path.resolve(ctx.io.cwd, String(opts.writeEnv)) : undefined;
    const reviewDelayMs = opts.reviewDelay === undefined ? undefined : parseDuration(String(opts.reviewDelay), "--review-delay");
    const processingDelayMs = parseDuration(String(opts.processingDelay), "--processing-delay");
    const { assertWritableTarget } = await import("../../check-paths.js");
    const requestLog = opts.requestLog ? path.resolve(ctx.io.cwd, String(opts.requestLog)) : undefined;
    if (dataFile) assertWritableTarget(dataFile, "--data");
    if (requestLog) assertWritableTarget(requestLog, "--request-log", { createParents: true });
    if (chosenKeyDir !== undefined) assertWritableTarget(path.resolve(ctx.io.cwd, chosenKeyDir), "--key-dir", { kind: "directory" });
    if (envFile) {
      assertWritableTarget(envFile, "--write-env");
      // A file left by an earlier run would let `until [ -s FILE ]` go ahead with a dead URL.
      rmSync(envFile, { force: true });
    }
    // Listen for Ctrl-C before anything is printed, so an early stop still closes the server cleanly.
    // Both handlers go in `finally` (the one that did not fire, and both when the start fails): left
    // behind, they would keep swallowing Ctrl-C in a process that runs on (tests, the demo).
    let stop = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const onSignal = () => stop();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    let tempKeyDir: string | undefined;
    let service: EmulatorService | undefined;
    try {
      // Not a fixed name such as /tmp/asckit-emulator-<pid>: another local user could create that first
      // and read the key. mkdtemp makes it owner-only (0700) with an unguessable name. The key dies with
      // this emulator, so the directory goes when it stops; a location the user chose is theirs to keep.
      tempKeyDir = chosenKeyDir === undefined ? mkdtempSync(path.join(os.tmpdir(), "asckit-emulator-")) : undefined;
      const keyDir = tempKeyDir ?? path.resolve(ctx.io.cwd, chosenKeyDir!);
      const { startEmulatorService } = await import("../../../emulator/index.js");
      service = await startEmulatorService({
        port,
        dataFile,
        keyDir,
        ...(requestLog ? { requestLog } : {}),
        processingDelayMs,
        rateLimitPerHour: int(opts.rateLimit, "--rate-limit", 1),
        seed: int(opts.seed, "--seed"),
        demo: opts.demo !== false,
        faults: { latencyMs: int(opts.latency, "--latency"), errorRate, seed: int(opts.seed, "--seed") },
      });
      const review = await applyReviewScenario(service.emulator.engine, {
        outcome: opts.reviewOutcome as string | undefined,
        betaOutcome: opts.betaReviewOutcome as string | undefined,
        delayMs: reviewDelayMs,
      });
      if (envFile) {
        // Atomically, so a shell waiting for the file never reads half of it.
        writeFileSync(`${envFile}.tmp`, `${service.envLines.join("\n")}\n`);
        renameSync(`${envFile}.tmp`, envFile);
      }
      if (ctx.format === "json") {
        ctx.io.stdout.write(
          JSON.stringify({
            url: service.emulator.url,
            keyId: service.key.keyId,
            issuerId: service.key.issuerId,
            reusedKey: service.reusedKey,
            vendorNumber: service.vendorNumber,
            files: service.files,
            ...(envFile ? { envFile } : {}),
            review,
            env: service.envLines,
          }) + "\n",
        );
      } else {
        ctx.io.stdout.write(
          [
            `App Store Connect emulator listening on ${service.emulator.url}`,
            `API key ${service.reusedKey ? `reused from ${dataFile}` : "written"}: ${service.files.p8Path} (fastlane JSON: ${service.files.jsonPath})`,
            `Vendor number for reports: ${service.vendorNumber}`,
            `App Review: ${review.appReview} after ${formatElapsed(review.appReviewDelayMs)}; Beta App Review: ${review.betaReview} after ${formatElapsed(review.betaReviewDelayMs)}`,
            ...(envFile ? [`Environment written to ${envFile}`] : []),
            "",
            "In another shell:",
            ...service.envLines.map((l) => `  ${l}`),
            `  ${cliInvocation(ctx.io.env)} apps list`,
            "",
            "Press Ctrl-C to stop.",
          ].join("\n") + "\n",
        );
      }
      await stopped;
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await service?.emulator.close();
      // The env file and the temporary key point at a server that is gone: a later `. FILE` or
      // `until [ -s FILE ]` must not pick them up; nor may a .tmp that a failed rename left.
      if (envFile) {
        rmSync(envFile, { force: true });
        rmSync(`${envFile}.tmp`, { force: true });
      }
      if (tempKeyDir) rmSync(tempKeyDir, { recursive: true, force: true });
    }
    ctx.info("emulator stopped");
  },
});

/**
 * Review outcomes and timing for rehearsals: the CLI in another shell submits, and App Review or
 * Beta App Review decides this way. Kept in the data file with --data; without flags, what the
 * data file (or the default: approve after 15 s) says stands. Returns what is in effect.
 */
async function applyReviewScenario(engine: EmulatorEngine, flags: { outcome?: string; betaOutcome?: string; delayMs?: number }) {
  const { configureReview, reviewConfig } = await import("../../../emulator/release/index.js");
  const { betaReviewScenario } = await import("../../../emulator/testflight/index.js");
  const { defaultOutcome } = await import("../../../emulator/testflight/beta-review-settings.js");
  const beta = betaReviewScenario(engine);
  const split = flags.delayMs === undefined ? {} : { waitingForReviewMs: Math.round(flags.delayMs / 3), inReviewMs: flags.delayMs - Math.round(flags.delayMs / 3) };
  const outcome = flags.outcome === undefined ? {} : { outcome: flags.outcome === "approve" ? ("APPROVED" as const) : ("REJECTED" as const) };
  if (flags.outcome !== undefined || flags.delayMs !== undefined) configureReview(engine, { ...split, ...outcome });
  if (flags.delayMs !== undefined) beta.setTiming(split);
  if (flags.betaOutcome !== undefined) beta.setDefaultOutcome(flags.betaOutcome === "approve" ? "APPROVED" : "REJECTED");
  const app = reviewConfig(engine.store);
  const timing = beta.timing();
  return {
    appReview: app.outcome,
    appReviewDelayMs: app.waitingForReviewMs + app.inReviewMs,
    betaReview: defaultOutcome(engine.store),
    betaReviewDelayMs: timing.waitingForReviewMs + timing.inReviewMs,
  };
}
