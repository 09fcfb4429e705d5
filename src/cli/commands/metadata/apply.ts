import { defineCommand } from "../../define-command.js";
import { DRY_RUN, VERSION_OPTIONS, versionRefFrom } from "../versions/version-options.js";
import { printPlan } from "./show-plan.js";

export default defineCommand({
  noun: "metadata",
  verb: "apply",
  summary: "Make App Store Connect match DIR, sending only the differences (safe to re-run)",
  args: ["<dir>"],
  options: [...VERSION_OPTIONS, DRY_RUN],
  examples: ["asckit metadata apply ./metadata --app com.example.app --version 1.2.0", "asckit metadata apply ./metadata --app com.example.app --version 1.2.0 --dry-run"],
  async run(ctx, [dir], opts) {
    const ref = await versionRefFrom(opts);
    const path = await import("node:path");
    const { assertReadableDirectory } = await import("../../check-paths.js");
    const source = path.resolve(ctx.io.cwd, dir!);
    assertReadableDirectory(source, "DIR");
    const { applyMetadataDir } = await import("../../../workflows/release/metadata.js");
    const progress = opts.dryRun ? undefined : ctx.progress("metadata");
    const { plan, result } = await applyMetadataDir(await ctx.client(), ref, source, {
      dryRun: Boolean(opts.dryRun),
      now: ctx.io.now(),
      // review.json may say "env:ASC_DEMO_ACCOUNT_PASSWORD" instead of the password (what `metadata pull` writes).
      env: ctx.io.env,
      onProgress: (done, total, label) => progress?.update(done, total, label),
    }).finally(() => progress?.done());
    if (!plan.operations.length) ctx.info("App Store Connect already matches the files; nothing sent");
    else if (opts.dryRun) ctx.info(`dry run: would send ${plan.operations.length} request${plan.operations.length === 1 ? "" : "s"} for ${plan.changes.length} field${plan.changes.length === 1 ? "" : "s"}`);
    else ctx.info(`applied ${plan.changes.length} field${plan.changes.length === 1 ? "" : "s"} in ${result?.applied.length} request${result?.applied.length === 1 ? "" : "s"}${result?.recovered ? ` (${result.recovered} recovered after a lost response)` : ""}`);
    printPlan(ctx, plan, { dryRun: Boolean(opts.dryRun), applied: result?.applied.length ?? 0, recovered: result?.recovered ?? 0 });
  },
});
