import { defineCommand } from "../../define-command.js";
import { BUILD_OPTIONS, buildRefInput } from "./build-options.js";

export default defineCommand({
  noun: "testflight",
  verb: "status",
  summary: "A build's TestFlight states: processing, internal and external state, Beta App Review, groups",
  options: BUILD_OPTIONS,
  examples: ["asckit testflight status --build 0a1b2c3d", "asckit testflight status --app com.example.app --version 1.2.0 --build-number 42 --json"],
  async run(ctx, _args, opts) {
    const { checkBuildRef, resolveBuild, testflightStatus } = await import("../../../workflows/testflight/build-ref.js");
    const ref = checkBuildRef(buildRefInput(opts));
    ctx.printRecord(testflightStatus(await resolveBuild(await ctx.client(), ref)));
  },
});
