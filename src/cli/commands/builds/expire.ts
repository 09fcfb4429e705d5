import type { Resource } from "../../../client/index.js";
import { ValidationError } from "../../../errors/asckit-error.js";
import { defineCommand } from "../../define-command.js";
import { parseDuration } from "../../parse-duration.js";

const DAY_MS = 86_400_000;

/**
 * The shortest --older-than accepted. Apple keeps builds 90 days; a build younger than a day is the
 * one just uploaded, still processing or being tried out, so a smaller age is a typo ("5" for 5d)
 * rather than a clean-up, and would select every build. One recent build can still be named by id.
 */
const MIN_OLDER_THAN_MS = DAY_MS;

/** Build ages are counted in days, so a unit is required and the hints lead with days. */
function olderThanDuration(text: string): number {
  const ms = parseDuration(text, "--older-than", { requireUnit: { example: "90d" }, hint: "Use e.g. 90d, 30d12h, 36h or 90m (units: d, h, m, s, ms)." });
  if (ms < MIN_OLDER_THAN_MS) {
    throw new ValidationError(`--older-than ${text.trim()} is less than a day: that would select the builds being tested right now.`, {
      category: "usage",
      field: "--older-than",
      hint: "Use at least 1d, e.g. --older-than 90d; to expire one recent build, name it: `asckit builds expire BUILD_ID`.",
    });
  }
  return ms;
}

export default defineCommand({
  noun: "builds",
  verb: "expire",
  summary: "Expire a build, or every build uploaded more than --older-than ago (irreversible; asks first)",
  args: ["[id]"],
  options: [
    { flags: "--older-than <duration>", description: "expire unexpired builds uploaded longer ago than this, with a unit, at least 1d, e.g. 30d" },
    { flags: "--app <app>", description: "with --older-than: only this app (id or exact bundle id)" },
    { flags: "--include-in-use", description: "with --older-than: also expire builds attached to an App Store version or in external testing or Beta App Review (skipped by default)" },
    { flags: "--dry-run", description: "list what would be expired; change nothing" },
  ],
  examples: ["asckit builds expire 0a1b2c3d", "asckit builds expire --older-than 30d --app com.example.app --dry-run", "asckit builds expire --older-than 60d --yes"],
  async run(ctx, [idArg], opts) {
    const id = idArg || undefined; // an omitted optional argument arrives as ""
    const olderThan = opts.olderThan as string | undefined;
    if ((id === undefined) === (olderThan === undefined)) {
      throw new ValidationError("Pass either a build id or --older-than <duration>.", { category: "usage", field: "--older-than", hint: "e.g. `asckit builds expire --older-than 90d --dry-run`." });
    }
    if (id !== undefined && opts.app !== undefined) throw new ValidationError("--app goes with --older-than, not with a build id.", { category: "usage", field: "--app", hint: "A build id names one build of one app already; drop --app." });
    // A build named by id is expired whatever uses it (the question says so); the flag would mean nothing.
    if (id !== undefined && opts.includeInUse) throw new ValidationError("--include-in-use goes with --older-than, not with a build id.", { category: "usage", field: "--include-in-use", hint: "A build named by id is expired whatever uses it (the question says so); drop --include-in-use." });
    const olderThanMs = olderThan === undefined ? undefined : olderThanDuration(olderThan);
    const { expireBuild, expireBuilds, findBuildsToExpire, getBuildForExpiry, inUseReason, appBundleIdOf } = await import("../../../workflows/builds/expire-builds.js");
    const { marketingVersionOf } = await import("../../../workflows/builds.js");
    const { confirmOrStop } = await import("../../../workflows/confirm.js");
    const ask = { confirm: (question: string) => ctx.confirm(question) };
    const client = await ctx.client();
    type Row = { id: string; bundleId: string | undefined; marketingVersion: string | undefined; version: unknown; uploadedDate: unknown; inUse: string | undefined; result: string };
    const columns = [
      { header: "id", value: (r: Row) => r.id },
      { header: "app", value: (r: Row) => r.bundleId },
      { header: "version", value: (r: Row) => r.marketingVersion },
      { header: "build", value: (r: Row) => r.version },
      { header: "uploaded", value: (r: Row) => r.uploadedDate },
      { header: "in use", value: (r: Row) => r.inUse },
      { header: "result", value: (r: Row) => r.result },
    ];
    const rowOf = (b: Resource, result: string): Row => ({
      id: b.id,
      bundleId: appBundleIdOf(b),
      marketingVersion: marketingVersionOf(b),
      version: b.attributes.version,
      uploadedDate: b.attributes.uploadedDate,
      inUse: inUseReason(b),
      result,
    });

    if (id !== undefined) {
      const build = await getBuildForExpiry(client, id);
      const label = `build ${id} (${marketingVersionOf(build) ?? "?"} build ${String(build.attributes.version)})`;
      if (build.attributes.expired === true) return ctx.printRows([rowOf(build, "already expired")], columns);
      if (opts.dryRun) return ctx.printRows([rowOf(build, "would expire")], columns);
      const inUse = inUseReason(build);
      await confirmOrStop(ask, `Expire ${label}?${inUse ? ` It is in use: ${inUse}.` : ""} Testers lose it and this cannot be undone.`, `${label[0]!.toUpperCase()}${label.slice(1)} was not expired`);
      const outcome = await expireBuild(client, build);
      return ctx.printRows([rowOf(outcome.build, outcome.result)], columns);
    }

    const appId = opts.app ? (await (await import("../../../workflows/apps.js")).findApp(client, String(opts.app))).id : undefined;
    const now = ctx.io.now();
    const found = await findBuildsToExpire(client, { appId, olderThanMs: olderThanMs!, now });
    const cutoff = new Date(now - olderThanMs!).toISOString();
    if (!found.length) {
      ctx.info(`No unexpired build was uploaded before ${cutoff}.`);
      return ctx.printRows([], columns);
    }
    const inUse = found.filter((b) => inUseReason(b) !== undefined);
    const builds = opts.includeInUse ? found : found.filter((b) => !inUse.includes(b));
    const skipped = opts.includeInUse ? [] : inUse;
    const skippedRows = skipped.map((b) => rowOf(b, "skipped (in use)"));
    if (skipped.length) {
      ctx.info(`note: ${skipped.length} of ${found.length} build${found.length === 1 ? "" : "s"} uploaded before ${cutoff} ${skipped.length === 1 ? "is" : "are"} in use and left alone (see the "in use" column); add --include-in-use to expire ${skipped.length === 1 ? "it" : "them"} too.`);
    }
    if (!builds.length) return ctx.printRows(skippedRows, columns);
    if (opts.dryRun) return ctx.printRows([...builds.map((b) => rowOf(b, "would expire")), ...skippedRows], columns);
    const included = builds.filter((b) => inUse.includes(b)).length;
    const question = `Expire ${builds.length} build${builds.length === 1 ? "" : "s"} uploaded before ${cutoff}${included ? `, ${included} of them in use` : ""}? Testers lose them and this cannot be undone.`;
    await confirmOrStop(ask, question, "Nothing was expired");
    const outcomes = await expireBuilds(client, builds);
    ctx.printRows([...outcomes.map((o) => rowOf(o.build, o.result === "failed" ? `failed: ${o.error?.message ?? ""}` : o.result)), ...skippedRows], columns);
    const failed = outcomes.filter((o) => o.result === "failed").length;
    if (failed) {
      ctx.info(`error: ${failed} of ${outcomes.length} builds could not be expired (see the result column).`);
      return 1;
    }
  },
});
