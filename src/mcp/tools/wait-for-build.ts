import { z } from "zod";
import { buildView, getBuild, waitForBuild } from "../../workflows/builds.js";
import { defineTool } from "../tool-definition.js";

export default defineTool({
  name: "wait_for_build",
  cli: "builds wait",
  cliParams: { args: ["id"] },
  title: "Wait for a build to finish processing",
  description:
    "Polls a build until processing ends. Returns the build when VALID; INVALID or FAILED come back as an error naming the state; if the time runs out first, the error says so and the call can simply be repeated. Keep timeoutSeconds under the MCP client's request timeout (often 60 s); progress notifications are sent when the client asks for them.",
  access: "read",
  idempotent: true,
  input: {
    id: z.string().min(1).describe("The build's App Store Connect id (from list_builds)."),
    timeoutSeconds: z.number().int().min(1).max(1800).optional().describe("Give up after this many seconds (default 50). Call again to keep waiting."),
    intervalSeconds: z.number().int().min(1).max(300).optional().describe("Seconds between polls (default 10). Each poll costs one request from the key's hourly budget."),
  },
  async run(args, ctx) {
    const timeoutMs = (args.timeoutSeconds ?? 50) * 1000;
    const client = await ctx.client();
    const started = ctx.now();
    await waitForBuild(client, args.id, {
      timeoutMs,
      intervalMs: (args.intervalSeconds ?? 10) * 1000,
      now: () => ctx.now(),
      sleep: (ms) => ctx.sleep(ms),
      onPoll: (state, elapsed) => void ctx.progress(`build ${args.id} ${state} after ${Math.round(elapsed / 1000)} s`, elapsed, timeoutMs),
    });
    // The wait polls a lean view; one more read gives the agent the whole picture.
    const build = buildView(await getBuild(client, args.id));
    const seconds = Math.round((ctx.now() - started) / 1000);
    return { summary: `Build ${String(build.version)} (${String(build.marketingVersion)}) is VALID after ${seconds} s of waiting.`, data: build };
  },
});
