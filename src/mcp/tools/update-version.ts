import { z } from "zod";
import { RELEASE_TYPES, findVersion, updateVersion, validateVersionChanges, versionView } from "../../workflows/release/versions.js";
import { defineTool } from "../tool-definition.js";
import { versionInput, versionRef } from "./version-input.js";

export default defineTool({
  name: "update_version",
  cli: "versions update",
  cliParams: { args: ["version"] },
  title: "Update an App Store version",
  description:
    "Changes an editable App Store version: attaches a build (only a VALID, unexpired build of the same app, platform and version string), sets the release type (MANUAL, AFTER_APPROVAL, or SCHEDULED with earliestReleaseDate) or the copyright. Only what differs is sent; dryRun lists the actions.",
  access: "write",
  idempotent: true,
  input: {
    ...versionInput,
    build: z.string().min(1).optional().describe("The build to attach: its id, or its build number within this version."),
    releaseType: z.enum(RELEASE_TYPES).optional().describe("MANUAL (you release after approval), AFTER_APPROVAL (goes live when approved) or SCHEDULED."),
    earliestReleaseDate: z.string().optional().describe("With SCHEDULED: the earliest release time, ISO 8601 and in the future."),
    copyright: z.string().optional().describe('Copyright line, e.g. "2025 Example Inc.".'),
    dryRun: z.boolean().optional().describe("Only list what would change; send no write."),
  },
  async run(args, ctx) {
    const changes = {
      ...(args.build ? { build: args.build } : {}),
      ...(args.releaseType ? { releaseType: args.releaseType } : {}),
      ...(args.earliestReleaseDate !== undefined ? { earliestReleaseDate: args.earliestReleaseDate } : {}),
      ...(args.copyright !== undefined ? { copyright: args.copyright } : {}),
    };
    validateVersionChanges(changes, ctx.now());
    const client = await ctx.client();
    const target = await findVersion(client, versionRef(args));
    const result = await updateVersion(client, target, changes, { dryRun: args.dryRun, now: ctx.now() });
    return {
      summary: `${args.dryRun ? "Dry run: would " : ""}${result.actions.join("; ")}.`,
      data: { dryRun: Boolean(args.dryRun), actions: result.actions, version: versionView(result.version ?? target.version) },
    };
  },
});
