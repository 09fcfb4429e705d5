import { defineCommand } from "../../define-command.js";
import { BUILD_OPTIONS, buildRefInput } from "./build-options.js";

export default defineCommand({
  noun: "testflight what-to-test",
  verb: "get",
  summary: "Show a build's What to Test notes per locale",
  options: BUILD_OPTIONS,
  examples: ["asckit testflight what-to-test get --build 0a1b2c3d", "asckit testflight what-to-test get --app com.example.app --version 1.2.0 --build-number 42"],
  async run(ctx, _args, opts) {
    const { checkBuildRef, resolveBuild } = await import("../../../workflows/testflight/build-ref.js");
    const ref = checkBuildRef(buildRefInput(opts));
    const { viewOf } = await import("../../../workflows/resource-view.js");
    const build = await resolveBuild(await ctx.client(), ref);
    const list = build.related.betaBuildLocalizations;
    const rows = (Array.isArray(list) ? list : []).map(viewOf);
    ctx.printRows(rows, [
      { header: "locale", value: (l) => l.locale },
      { header: "what to test", value: (l) => l.whatsNew },
    ]);
  },
});
