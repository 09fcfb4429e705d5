import type { CommandContext } from "../../context.js";
import { makeClient } from "../../make-client.js";
import { renderTable } from "../../output/table.js";
import type { DemoContext, DemoPart, StepRecord } from "./demo-context.js";
import { foundationSteps } from "./foundation-steps.js";
import { uploadSteps } from "./upload-steps.js";
import { testflightSteps } from "./testflight-steps.js";
import { mediaSteps } from "./media-steps.js";
import { releaseSteps } from "./release-steps.js";

/** The parts of the tour, in order. Each feature adds its part here. */
const PARTS: DemoPart[] = [foundationSteps, uploadSteps, testflightSteps, mediaSteps, releaseSteps];

/**
 * The demo drives the same code paths as the CLI commands (credential resolution from env, the
 * client pipeline, the workflows) against an emulator started in this process.
 */
export async function runDemo(ctx: CommandContext, options: { workDir: string; processingDelayMs: number }): Promise<number> {
  const { startEmulatorService } = await import("../../../emulator/index.js");
  const say = (line: string) => ctx.io.stdout.write(`${line}\n`);
  const service = await startEmulatorService({ port: 0, keyDir: options.workDir, processingDelayMs: options.processingDelayMs, demo: true, seed: 1 });
  try {
    say(`asckit demo — App Store Connect emulator on ${service.emulator.url}`);
    say(`API key ${service.key.keyId} written to ${service.files.p8Path}`);
    const env: Record<string, string | undefined> = {};
    for (const line of service.envLines) {
      const m = /^export (\w+)=(.*)$/.exec(line);
      if (m) env[m[1]!] = m[2]!.replace(/^'(.*)'$/, "$1");
    }
    const io = { ...ctx.io, env: { ...env, ASCKIT_CONFIG_DIR: options.workDir } };
    const client = await makeClient(io, { verbose: ctx.global.verbose });
    const steps: StepRecord[] = [];
    let section = 0;
    const demo: DemoContext = {
      ctx,
      io,
      client,
      service,
      workDir: options.workDir,
      processingDelayMs: options.processingDelayMs,
      say,
      heading: (title) => say(`\n── ${++section}. ${title}`),
      // The demo is read by a person: always a table, indented under its step.
      table: (rows, columns) => {
        const text = renderTable(rows, columns.map((c) => ({ header: c, value: (r: Record<string, unknown>) => r[c] })), 150);
        say(text.trimEnd().split("\n").map((l) => `   ${l}`).join("\n"));
      },
      async measure(step, minimum, fn) {
        const before = client.stats.requests;
        const result = await fn();
        steps.push({ step, requests: client.stats.requests - before, minimum, result });
        say(`   ✓ ${result}`);
      },
      record: (step) => void steps.push(step),
      steps,
      shared: {},
    };
    for (const part of PARTS) await part(demo);

    demo.heading("summary");
    demo.table(steps.map((s) => ({ ...s })), ["step", "requests", "minimum", "result"]);
    const total = steps.reduce((a, s) => a + s.requests, 0);
    const minimum = steps.reduce((a, s) => a + s.minimum, 0);
    say(`\n${steps.length} steps, ${total} requests (minimum ${minimum}), ${client.stats.retries} retries; the emulator answered ${service.emulator.stats().requests} requests.`);
    ctx.io.stderr.write(`DEMO_REQUESTS=${total} DEMO_MINIMUM=${minimum}\n`);
    return 0;
  } finally {
    await service.emulator.close();
  }
}
