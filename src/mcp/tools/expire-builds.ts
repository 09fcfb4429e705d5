import { z } from "zod";
import type { Resource } from "../../client/index.js";
import { ValidationError } from "../../errors/asckit-error.js";
import { findApp } from "../../workflows/apps.js";
import { marketingVersionOf } from "../../workflows/builds.js";
import { appBundleIdOf, expireBuilds, findBuildsToExpire, getBuildForExpiry, inUseReason } from "../../workflows/builds/expire-builds.js";
import { defineTool } from "../tool-definition.js";

/** Outcomes listed one by one up to this many; beyond it only the counts. */
const LISTED = 50;

const line = (b: Resource) => ({
  id: b.id,
  buildNumber: b.attributes.version,
  marketingVersion: b.related ? marketingVersionOf(b) : undefined,
  app: b.related ? appBundleIdOf(b) : undefined,
  uploadedDate: b.attributes.uploadedDate,
});
const skippedLine = (b: Resource) => ({ ...line(b), inUse: inUseReason(b) });

export default defineTool({
  name: "expire_builds",
  cli: "builds expire",
  cliParams: { args: ["ids"] },
  title: "Expire builds",
  description:
    "Expires TestFlight builds: testers can no longer install them, and it cannot be undone. Either name builds by id, or give olderThanDays (optionally for one app) to expire every unexpired build uploaded before then. Already expired builds are skipped, and so are builds in use (attached to an App Store version that has not been replaced, in external testing, or in Beta App Review), which are listed with the reason unless includeInUse is true. Run with dryRun first to see the list.",
  access: "destructive",
  idempotent: true,
  input: {
    ids: z.array(z.string().min(1)).min(1).max(100).optional().describe("Build ids to expire."),
    olderThanDays: z.number().int().min(1).optional().describe("Instead of ids: every unexpired build uploaded more than this many days ago."),
    app: z.string().min(1).optional().describe("With olderThanDays: only this app (numeric id or exact bundle identifier); otherwise every app the key can see."),
    includeInUse: z
      .boolean()
      .optional()
      .describe(
        "Also expire builds in use: attached to an App Store version (being prepared, in review, or live) or with external testers or in Beta App Review. Default false: they are skipped and listed in `skipped` with the reason. Set it only after the user agreed to take those builds away.",
      ),
    dryRun: z.boolean().optional().describe("Only list what would be expired; change nothing (no confirm needed)."),
  },
  async run(args, ctx) {
    if ((args.ids === undefined) === (args.olderThanDays === undefined)) {
      throw new ValidationError("Give either ids or olderThanDays.", { category: "usage", field: "ids", hint: "ids expires those builds; olderThanDays expires every build uploaded before then." });
    }
    const client = await ctx.client();
    let found: Resource[];
    if (args.ids) {
      // Read with what inUseReason needs (the App Store version, external beta and review states).
      found = await Promise.all(args.ids.map((id) => getBuildForExpiry(client, id)));
    } else {
      const appId = args.app ? (await findApp(client, args.app)).id : undefined;
      found = await findBuildsToExpire(client, { appId, olderThanMs: args.olderThanDays! * 86_400_000, now: ctx.now() });
    }
    // As `builds expire --older-than` does. Named ids too: the CLI asks about an in-use build with
    // the reason, but `confirm: true` is given without seeing it, so here includeInUse is that answer.
    const skipped = args.includeInUse ? [] : found.filter((b) => b.attributes.expired !== true && inUseReason(b) !== undefined);
    const builds = found.filter((b) => !skipped.includes(b));
    const skippedData = skipped.length ? { skippedInUse: skipped.length, skipped: skipped.slice(0, LISTED).map(skippedLine) } : { skippedInUse: 0 };
    const skippedNote = skipped.length
      ? ` ${skipped.length} in use left alone (${skipped.slice(0, 3).map((b) => `build ${String(b.attributes.version)}: ${inUseReason(b)}`).join("; ")}${skipped.length > 3 ? "; …" : ""}); includeInUse: true expires them too.`
      : "";
    const pending = builds.filter((b) => b.attributes.expired !== true);
    if (args.dryRun) {
      return {
        summary: `Dry run: ${pending.length} build(s) would be expired${builds.length > pending.length ? `, ${builds.length - pending.length} already are` : ""}.${skippedNote} Nothing was changed.`,
        data: { dryRun: true, wouldExpire: pending.length, builds: pending.slice(0, LISTED).map(line), ...(pending.length > LISTED ? { notListed: pending.length - LISTED } : {}), ...skippedData },
      };
    }
    const outcomes = await expireBuilds(client, builds);
    // Outcomes carry copies of the builds without their included relations: describe the originals.
    const byId = new Map(builds.map((b) => [b.id, b]));
    const count = (result: string) => outcomes.filter((o) => o.result === result).length;
    const failed = outcomes.filter((o) => o.result === "failed");
    const listed = outcomes.slice(0, LISTED).map((o) => ({ ...line(byId.get(o.build.id) ?? o.build), result: o.result, ...(o.error ? { error: o.error.message } : {}) }));
    return {
      summary: `Expired ${count("expired")} build(s); ${count("already expired")} were already expired; ${failed.length} failed.${failed.length ? " Failed ones can be retried by id." : ""}${skippedNote}`,
      data: { expired: count("expired"), alreadyExpired: count("already expired"), failed: failed.length, outcomes: listed, ...(outcomes.length > LISTED ? { notListed: outcomes.length - LISTED } : {}), ...skippedData },
    };
  },
});
