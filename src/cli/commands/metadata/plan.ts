import { defineCommand } from "../../define-command.js";
import { VERSION_OPTIONS, versionRefFrom } from "../versions/version-options.js";
import { printPlan } from "./show-plan.js";

export default defineCommand({
  noun: "metadata",
  verb: "plan",
  summary: "Show, field by field, what `metadata apply DIR` would change on App Store Connect",
  args: ["<dir>"],
  options: VERSION_OPTIONS,
  examples: ["asckit metadata plan ./metadata --app com.example.app --version 1.2.0"],
  async run(ctx, [dir], opts) {
    const ref = await versionRefFrom(opts);
    const path = await import("node:path");
    const { assertReadableDirectory } = await import("../../check-paths.js");
    const source = path.resolve(ctx.io.cwd, dir!);
    assertReadableDirectory(source, "DIR");
    const { planMetadataDir } = await import("../../../workflows/release/metadata.js");
    const { plan } = await planMetadataDir(await ctx.client(), ref, source, { now: ctx.io.now(), env: ctx.io.env });
    ctx.info(plan.changes.length ? `${plan.changes.length} field${plan.changes.length === 1 ? "" : "s"} differ; apply would send ${plan.operations.length} request${plan.operations.length === 1 ? "" : "s"}` : "App Store Connect already matches the files; nothing to apply");
    printPlan(ctx, plan, { requests: plan.operations.length });
  },
});
