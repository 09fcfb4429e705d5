import { z } from "zod";
import type { Resource } from "../../client/index.js";
import { ValidationError } from "../../errors/asckit-error.js";
import { findApp } from "../../workflows/apps.js";
import { getBuild, marketingVersionOf } from "../../workflows/builds.js";
import { appBundleIdOf, expireBuilds, findBuildsToExpire } from "../../workflows/builds/expire-builds.js";
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

export default defineTool({
  name: "expire_builds",
  cli: "builds expire",
  cliParams: { args: ["ids"] },
  title: "Expire builds",
  description:
    "Expires TestFlight builds: testers can no longer install them, and it cannot be undone. Either name builds by id, or give olderThanDays (optionally for one app) to expire every unexpired build uploaded before then. Already expired builds are skipped. Run with dryRun first to see the list.",
  access: "destructive",
  idempotent: true,
  input: {
    ids: z.array(z.string().min(1)).min(1).max(100).optional().describe("Build ids to expire."),
    olderThanDays: z.number().int().min(1).optional().describe("Instead of ids: every unexpired build uploaded more than this many days ago."),
    app: z.string().min(1).optional().describe("With olderThanDays: only this app (numeric id or exact bundle identifier); otherwise every app the key can see."),
    dryRun: z.boolean().optional().describe("Only list what would be expired; change nothing (no confirm needed)."),
  },
  async run(args, ctx) {
    if ((args.ids === undefined) === (args.olderThanDays === undefined)) {
      throw new ValidationError("Give either ids or olderThanDays.", { category: "usage", field: "ids", hint: "ids expires those builds; olderThanDays expires every build uploaded before then." });
    }
    const client = await ctx.client();
    let builds: Resource[];
    if (args.ids) {
      builds = await Promise.all(args.ids.map((id) => getBuild(client, id)));
    } else {
      const appId = args.app ? (await findApp(client, args.app)).id : undefined;
      builds = await findBuildsToExpire(client, { appId, olderThanMs: args.olderThanDays! * 86_400_000, now: ctx.now() });
    }
    const pending = builds.filter((b) => b.attributes.expired !== true);
    if (args.dryRun) {
      return {
        summary: `Dry run: ${pending.length} build(s) would be expired${builds.length > pending.length ? `, ${builds.length - pending.length} already are` : ""}. Nothing was changed.`,
        data: { dryRun: true, wouldExpire: pending.length, builds: pending.slice(0, LISTED).map(line), ...(pending.length > LISTED ? { notListed: pending.length - LISTED } : {}) },
      };
    }
    const outcomes = await expireBuilds(client, builds);
    // Outcomes carry copies of the builds without their included relations: describe the originals.
    const byId = new Map(builds.map((b) => [b.id, b]));
    const count = (result: string) => outcomes.filter((o) => o.result === result).length;
    const failed = outcomes.filter((o) => o.result === "failed");
    const listed = outcomes.slice(0, LISTED).map((o) => ({ ...line(byId.get(o.build.id) ?? o.build), result: o.result, ...(o.error ? { error: o.error.message } : {}) }));
    return {
      summary: `Expired ${count("expired")} build(s); ${count("already expired")} were already expired; ${failed.length} failed.${failed.length ? " Failed ones can be retried by id." : ""}`,
      data: { expired: count("expired"), alreadyExpired: count("already expired"), failed: failed.length, outcomes: listed, ...(outcomes.length > LISTED ? { notListed: outcomes.length - LISTED } : {}) },
    };
  },
});
