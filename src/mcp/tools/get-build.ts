import { z } from "zod";
import { buildView, getBuild } from "../../workflows/builds.js";
import { defineTool } from "../tool-definition.js";

export default defineTool({
  name: "get_build",
  cli: "builds get",
  cliParams: { args: ["id"] },
  title: "Get a build",
  description: "One build by id with all its attributes, its marketing version and its TestFlight states (internalBuildState, externalBuildState).",
  access: "read",
  idempotent: true,
  input: {
    id: z.string().min(1).describe("The build's App Store Connect id (from list_builds), not its build number."),
  },
  async run(args, ctx) {
    const build = buildView(await getBuild(await ctx.client(), args.id));
    return { summary: `Build ${String(build.version)} (${String(build.marketingVersion)}), ${String(build.processingState)}.`, data: build };
  },
});
