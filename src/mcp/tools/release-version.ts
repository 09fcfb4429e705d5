import { z } from "zod";
import { findVersion, releaseVersion, versionView } from "../../workflows/release/versions.js";
import { defineTool } from "../tool-definition.js";
import { versionInput, versionRef } from "./version-input.js";

export default defineTool({
  name: "release_version",
  cli: "versions release",
  cliParams: { args: ["version"] },
  title: "Release an approved version",
  description:
    "Releases an approved App Store version that waits for you (PENDING_DEVELOPER_RELEASE) to the App Store; it cannot be taken back. A version already released is reported, not an error; other states are refused with what to do. dryRun says what would happen.",
  access: "destructive",
  idempotent: true,
  input: { ...versionInput, dryRun: z.boolean().optional().describe("Only say what would happen (no confirm needed).") },
  async run(args, ctx) {
    const client = await ctx.client();
    const result = await releaseVersion(client, await findVersion(client, versionRef(args)), { dryRun: args.dryRun });
    return { summary: result.message, data: { released: result.released, dryRun: Boolean(args.dryRun), version: versionView(result.version) } };
  },
});
