import { z } from "zod";
import { buildView, getBuild } from "../../workflows/builds.js";
import { defineTool } from "../tool-definition.js";

/** What an agent should do next for each processing state. */
const NEXT: Record<string, string> = {
  PROCESSING: "Still processing (usually several minutes): call wait_for_build with this id.",
  VALID: "Processed and usable: it can be distributed to TestFlight groups or attached to an App Store version.",
  INVALID: "Apple rejected the build; the reason is in App Store Connect's e-mail. Fix it and upload a new build with a higher build number.",
  FAILED: "Processing failed; upload a new build with a higher build number.",
};

export default defineTool({
  name: "build_status",
  title: "Build status",
  description: "Where a build stands, in a few fields: processingState, TestFlight internal/external states, expiry, and the next step.",
  access: "read",
  idempotent: true,
  input: {
    id: z.string().min(1).describe("The build's App Store Connect id (from list_builds)."),
  },
  async run(args, ctx) {
    const b = buildView(await getBuild(await ctx.client(), args.id));
    const state = String(b.processingState);
    let next = NEXT[state] ?? "";
    if (b.expired === true) next = "The build has expired in TestFlight; testers can no longer install it. Use a newer build.";
    else if (state === "VALID" && (b.internalBuildState === "MISSING_EXPORT_COMPLIANCE" || b.externalBuildState === "MISSING_EXPORT_COMPLIANCE")) {
      next = "Processed, but export compliance is unanswered (usesNonExemptEncryption), so testers cannot get it yet. Answer it (or set ITSAppUsesNonExemptEncryption in Info.plist for future builds).";
    }
    const data = {
      id: b.id,
      buildNumber: b.version,
      marketingVersion: b.marketingVersion,
      platform: b.platform,
      processingState: b.processingState,
      internalBuildState: b.internalBuildState,
      externalBuildState: b.externalBuildState,
      usesNonExemptEncryption: b.usesNonExemptEncryption,
      uploadedDate: b.uploadedDate,
      expirationDate: b.expirationDate,
      expired: b.expired,
      next,
    };
    return { summary: `Build ${String(b.version)} (${String(b.marketingVersion)}) is ${state}. ${next}`, data };
  },
});
