import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineCommand } from "../../define-command.js";
import { parseDuration } from "../../parse-duration.js";
import { runDemo } from "./demo-steps.js";

export default defineCommand({
  noun: "demo",
  summary: "Run the end-to-end demo against an in-process emulator (no Apple account needed)",
  options: [
    { flags: "--processing-delay <duration>", description: "how long the demo build stays PROCESSING", default: "3s" },
    { flags: "--keep", description: "keep the temporary key directory" },
  ],
  async run(ctx, _args, opts) {
    const keyDir = mkdtempSync(path.join(os.tmpdir(), "asckit-demo-"));
    try {
      return await runDemo(ctx, { workDir: keyDir, processingDelayMs: parseDuration(String(opts.processingDelay), "--processing-delay") });
    } finally {
      if (!opts.keep) rmSync(keyDir, { recursive: true, force: true });
    }
  },
});
