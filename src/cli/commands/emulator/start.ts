import os from "node:os";
import path from "node:path";
import { defineCommand } from "../../define-command.js";
import { parseDuration } from "../../parse-duration.js";
import { ValidationError } from "../../../errors/asckit-error.js";

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
    { flags: "--data <file>", description: "SQLite file to persist state across restarts (default: in memory)" },
    { flags: "--key-dir <dir>", description: "where to write the API key (.p8 and fastlane JSON)" },
    { flags: "--processing-delay <duration>", description: "how long a new build stays PROCESSING", default: "5s" },
    { flags: "--rate-limit <n>", description: "requests per hour per key", default: "3600" },
    { flags: "--latency <ms>", description: "added latency per request" },
    { flags: "--error-rate <share>", description: "share of requests answered with a 5xx (0..1)" },
    { flags: "--seed <n>", description: "seed for injected faults and ids", default: "1" },
    { flags: "--no-demo", description: "start empty, without the demo apps and builds" },
  ],
  examples: ["asckit emulator start --port 4010", "eval \"$(asckit emulator start --json | jq -r '.env[]')\""],
  async run(ctx, _args, opts) {
    const port = int(opts.port, "--port")!;
    const errorRate = opts.errorRate === undefined ? undefined : Number(opts.errorRate);
    if (errorRate !== undefined && !(errorRate >= 0 && errorRate <= 1)) throw new ValidationError("--error-rate must be between 0 and 1.", { category: "usage", field: "--error-rate" });
    const keyDir = path.resolve(ctx.io.cwd, String(opts.keyDir ?? path.join(os.tmpdir(), `asckit-emulator-${process.pid}`)));
    // Listen for Ctrl-C before anything is printed, so an early stop still closes the server cleanly.
    const stopped = new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    });
    const { startEmulatorService } = await import("../../../emulator/index.js");
    const service = await startEmulatorService({
      port,
      dataFile: opts.data ? path.resolve(ctx.io.cwd, String(opts.data)) : undefined,
      keyDir,
      processingDelayMs: parseDuration(String(opts.processingDelay), "--processing-delay"),
      rateLimitPerHour: int(opts.rateLimit, "--rate-limit", 1),
      seed: int(opts.seed, "--seed"),
      demo: opts.demo !== false,
      faults: { latencyMs: int(opts.latency, "--latency"), errorRate, seed: int(opts.seed, "--seed") },
    });
    if (ctx.format === "json") {
      ctx.io.stdout.write(JSON.stringify({ url: service.emulator.url, keyId: service.key.keyId, issuerId: service.key.issuerId, files: service.files, env: service.envLines }) + "\n");
    } else {
      ctx.io.stdout.write(
        [
          `App Store Connect emulator listening on ${service.emulator.url}`,
          `API key written to ${service.files.p8Path} (fastlane JSON: ${service.files.jsonPath})`,
          "",
          "In another shell:",
          ...service.envLines.map((l) => `  ${l}`),
          "  asckit apps list",
          "",
          "Press Ctrl-C to stop.",
        ].join("\n") + "\n",
      );
    }
    await stopped;
    await service.emulator.close();
    ctx.info("emulator stopped");
  },
});
