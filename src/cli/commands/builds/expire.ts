import type { Resource } from "../../../client/index.js";
import { ValidationError } from "../../../errors/asckit-error.js";
import { defineCommand } from "../../define-command.js";
import { parseDuration } from "../../parse-duration.js";

/** Build ages are counted in days (Apple expires builds after 90), so the hint leads with them. */
function olderThanDuration(text: string): number {
  try {
    return parseDuration(text, "--older-than");
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(error.message, { category: "usage", field: "--older-than", hint: "Use e.g. 90d, 30d12h, 36h or 90m (units: d, h, m, s, ms)." });
  }
}

export default defineCommand({
  noun: "builds",
  verb: "expire",
  summary: "Expire a build, or every build uploaded more than --older-than ago (irreversible; asks first)",
  args: ["[id]"],
  options: [
    { flags: "--older-than <duration>", description: "expire unexpired builds uploaded longer ago than this, e.g. 30d" },
    { flags: "--app <app>", description: "with --older-than: only this app (id or exact bundle id)" },
    { flags: "--dry-run", description: "list what would be expired; change nothing" },
  ],
  examples: ["asckit builds expire 0a1b2c3d", "asckit builds expire --older-than 30d --app com.example.app --dry-run", "asckit builds expire --older-than 60d --yes"],
  async run(ctx, [idArg], opts) {
    const id = idArg || undefined; // an omitted optional argument arrives as ""
    const olderThan = opts.olderThan as string | undefined;
    if ((id === undefined) === (olderThan === undefined)) {
      throw new ValidationError("Pass either a build id or --older-than <duration>.", { category: "usage", field: "--older-than", hint: "e.g. `asckit builds expire --older-than 90d --dry-run`." });
    }
    if (id !== undefined && opts.app !== undefined) throw new ValidationError("--app goes with --older-than, not with a build id.", { category: "usage", field: "--app" });
    const olderThanMs = olderThan === undefined ? undefined : olderThanDuration(olderThan);
    const { expireBuild, expireBuilds, findBuildsToExpire, appBundleIdOf } = await import("../../../workflows/builds/expire-builds.js");
    const { getBuild, marketingVersionOf } = await import("../../../workflows/builds.js");
    const client = await ctx.client();
    type Row = { id: string; bundleId: string | undefined; marketingVersion: string | undefined; version: unknown; uploadedDate: unknown; result: string };
    const columns = [
      { header: "id", value: (r: Row) => r.id },
      { header: "app", value: (r: Row) => r.bundleId },
      { header: "version", value: (r: Row) => r.marketingVersion },
      { header: "build", value: (r: Row) => r.version },
      { header: "uploaded", value: (r: Row) => r.uploadedDate },
      { header: "result", value: (r: Row) => r.result },
    ];
    const rowOf = (b: Resource, result: string): Row => ({
      id: b.id,
      bundleId: appBundleIdOf(b),
      marketingVersion: marketingVersionOf(b),
      version: b.attributes.version,
      uploadedDate: b.attributes.uploadedDate,
      result,
    });

    if (id !== undefined) {
      const build = await getBuild(client, id);
      const label = `build ${id} (${marketingVersionOf(build) ?? "?"} build ${String(build.attributes.version)})`;
      if (build.attributes.expired === true) return ctx.printRows([rowOf(build, "already expired")], columns);
      if (opts.dryRun) return ctx.printRows([rowOf(build, "would expire")], columns);
      if (!(await ctx.confirm(`Expire ${label}? Testers lose it and this cannot be undone.`))) {
        ctx.info("Nothing expired.");
        return 1;
      }
      const outcome = await expireBuild(client, build);
      return ctx.printRows([rowOf(outcome.build, outcome.result)], columns);
    }

    const appId = opts.app ? (await (await import("../../../workflows/apps.js")).findApp(client, String(opts.app))).id : undefined;
    const now = ctx.io.now();
    const builds = await findBuildsToExpire(client, { appId, olderThanMs: olderThanMs!, now });
    const cutoff = new Date(now - olderThanMs!).toISOString();
    if (!builds.length) {
      ctx.info(`No unexpired build was uploaded before ${cutoff}.`);
      return ctx.printRows([], columns);
    }
    if (opts.dryRun) return ctx.printRows(builds.map((b) => rowOf(b, "would expire")), columns);
    if (!(await ctx.confirm(`Expire ${builds.length} build${builds.length === 1 ? "" : "s"} uploaded before ${cutoff}? Testers lose them and this cannot be undone.`))) {
      ctx.info("Nothing expired.");
      return 1;
    }
    const outcomes = await expireBuilds(client, builds);
    ctx.printRows(outcomes.map((o) => rowOf(o.build, o.result === "failed" ? `failed: ${o.error?.message ?? ""}` : o.result)), columns);
    const failed = outcomes.filter((o) => o.result === "failed").length;
    if (failed) {
      ctx.info(`error: ${failed} of ${outcomes.length} builds could not be expired (see the result column).`);
      return 1;
    }
  },
});
