import type { CommandContext } from "../../context.js";
import { makeClient, resolveCliCredentials } from "../../make-client.js";
import { AsckitError } from "../../../errors/asckit-error.js";
import { renderTable } from "../../output/table.js";

interface StepRecord {
  step: string;
  requests: number;
  minimum: number;
  result: string;
}

/**
 * The demo drives the same code paths as the CLI commands (credential resolution from env, the
 * client pipeline, the workflows) against an emulator started in this process.
 */
export async function runDemo(ctx: CommandContext, options: { keyDir: string; processingDelayMs: number }): Promise<number> {
  const { startEmulatorService } = await import("../../../emulator/index.js");
  const say = (line: string) => ctx.io.stdout.write(`${line}\n`);
  const heading = (n: number, title: string) => say(`\n── ${n}. ${title}`);
  const service = await startEmulatorService({ port: 0, keyDir: options.keyDir, processingDelayMs: options.processingDelayMs, demo: true, seed: 1 });
  const steps: StepRecord[] = [];
  try {
    say(`asckit demo — App Store Connect emulator on ${service.emulator.url}`);
    say(`API key ${service.key.keyId} written to ${service.files.p8Path}`);
    const env: Record<string, string | undefined> = {};
    for (const line of service.envLines) {
      const m = /^export (\w+)=(.*)$/.exec(line);
      if (m) env[m[1]!] = m[2]!.replace(/^'(.*)'$/, "$1");
    }
    const io = { ...ctx.io, env: { ...env, ASCKIT_CONFIG_DIR: options.keyDir } };
    const global = { verbose: ctx.global.verbose };
    const client = await makeClient(io, global);
    // The demo is read by a person: always a table, indented under its step.
    const table = (rows: Array<Record<string, unknown>>, cols: string[]) => {
      const text = renderTable(rows, cols.map((c) => ({ header: c, value: (r: Record<string, unknown>) => r[c] })), 150);
      say(text.trimEnd().split("\n").map((l) => `   ${l}`).join("\n"));
    };
    const measure = async (step: string, minimum: number, fn: () => Promise<string>) => {
      const before = client.stats.requests;
      const result = await fn();
      steps.push({ step, requests: client.stats.requests - before, minimum, result });
      say(`   ✓ ${result}`);
    };

    heading(1, "auth status: check the key against the API");
    const { checkAuth } = await import("../../../workflows/auth-status.js");
    await measure("auth status", 1, async () => {
      const credentials = await resolveCliCredentials(io, global);
      const status = await checkAuth(client, credentials, ctx.io.now);
      return `${status.keyType} key ${status.keyId} accepted by ${status.baseUrl}; clock skew ${status.clockSkewSeconds ?? "?"} s; rate limit ${status.rateLimit?.hourRemaining}/${status.rateLimit?.hourLimit} per hour`;
    });

    heading(2, "apps list");
    const { listApps } = await import("../../../workflows/apps.js");
    const { viewOf } = await import("../../../workflows/resource-view.js");
    await measure("apps list", 1, async () => {
      const apps = (await listApps(client)).map(viewOf);
      table(apps, ["id", "name", "bundleId", "sku"]);
      return `${apps.length} apps`;
    });

    heading(3, "wait for the newest build to finish processing");
    const { listBuilds, waitForBuild, buildView } = await import("../../../workflows/builds.js");
    const { findApp } = await import("../../../workflows/apps.js");
    let buildId = "";
    let uploadedAt = 0;
    await measure("find the processing build", 2, async () => {
      const app = await findApp(client, "com.example.demo");
      const builds = (await listBuilds(client, { appId: app.id, processingState: ["PROCESSING"] })).map(buildView);
      const build = builds[0];
      if (!build) throw new AsckitError("The demo app has no build in PROCESSING.", { category: "internal" });
      buildId = build.id as string;
      uploadedAt = Date.parse(String(build.uploadedDate));
      return `build ${String(build.marketingVersion)} (${String(build.version)}) is ${String(build.processingState)}`;
    });
    const intervalMs = 1000;
    let firstPoll = 0;
    const progress = ctx.progress(`   build ${buildId}`);
    const waitStarted = ctx.io.now();
    const readyAt = uploadedAt + options.processingDelayMs;
    // The fewest polls that can observe VALID at this interval: one now, then one per interval until ready.
    const minimumPolls = () => 1 + Math.max(0, Math.ceil((readyAt - firstPoll) / intervalMs));
    const before = client.stats.requests;
    const valid = await waitForBuild(client, buildId, {
      timeoutMs: options.processingDelayMs + 60_000,
      intervalMs,
      now: ctx.io.now,
      sleep: ctx.io.sleep,
      onPoll: (state, elapsed) => {
        if (!firstPoll) firstPoll = waitStarted;
        progress.update(Math.min(elapsed, options.processingDelayMs), options.processingDelayMs, state);
      },
    });
    progress.done();
    steps.push({ step: "builds wait", requests: client.stats.requests - before, minimum: minimumPolls(), result: `VALID after ${((ctx.io.now() - waitStarted) / 1000).toFixed(1)} s` });
    say(`   ✓ build ${String(valid.attributes.version)} is ${String(valid.attributes.processingState)} after ${((ctx.io.now() - waitStarted) / 1000).toFixed(1)} s`);

    heading(4, "bundle IDs: validation and idempotent create");
    const { ensureBundleId } = await import("../../../workflows/bundle-ids.js");
    await measure("reject a bad bundle ID locally", 0, async () => {
      try {
        await ensureBundleId(client, { identifier: "com.example.demo app", name: "Bad", platform: "IOS" });
        throw new AsckitError("The bad bundle ID was accepted.", { category: "internal" });
      } catch (error) {
        if ((error as AsckitError).category !== "validation") throw error;
        return `rejected before any request: ${(error as Error).message}`;
      }
    });
    await measure("create com.example.demo.clips", 2, async () => {
      const r = await ensureBundleId(client, { identifier: "com.example.demo.clips", name: "Demo Clips", platform: "IOS" });
      return r.created ? `created bundle ID ${String(r.bundleId?.attributes.identifier)} (${r.bundleId?.id})` : "already existed";
    });
    await measure("create it again", 1, async () => {
      const r = await ensureBundleId(client, { identifier: "com.example.demo.clips", name: "Demo Clips", platform: "IOS" });
      return r.created ? "created a duplicate!" : `already exists (${r.bundleId?.id}); nothing created`;
    });

    heading(5, "summary");
    table(steps.map((s) => ({ ...s })), ["step", "requests", "minimum", "result"]);
    const total = steps.reduce((a, s) => a + s.requests, 0);
    const minimum = steps.reduce((a, s) => a + s.minimum, 0);
    say(`\n${steps.length} steps, ${total} requests (minimum ${minimum}), ${client.stats.retries} retries, emulator saw ${service.emulator.stats().requests} requests.`);
    ctx.io.stderr.write(`DEMO_REQUESTS=${total} DEMO_MINIMUM=${minimum}\n`);
    return 0;
  } finally {
    await service.emulator.close();
  }
}
