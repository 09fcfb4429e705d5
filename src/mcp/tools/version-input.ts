import { z } from "zod";
import { PLATFORMS, type VersionRef } from "../../workflows/release/versions.js";

/** The fields that name one App Store version, shared by the review and metadata tools. */
export const versionInput = {
  app: z.string().min(1).optional().describe("The app's numeric id or exact bundle identifier (optional when the key sees one app, or when version is an appStoreVersion id)."),
  version: z.string().min(1).describe("The App Store version string, e.g. 1.2.0, or an appStoreVersion id."),
  platform: z.enum(PLATFORMS).optional().describe("The version's platform (default IOS)."),
};

export const versionRef = (args: { app?: string; version: string; platform?: string }): VersionRef => ({
  version: args.version,
  ...(args.app ? { app: args.app } : {}),
  ...(args.platform ? { platform: args.platform } : {}),
});
