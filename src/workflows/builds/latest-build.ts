import type { AscClient, Resource } from "../../client/index.js";
import { AsckitError } from "../../errors/asckit-error.js";
import { compareBuildNumbers } from "./build-number.js";
import type { BuildNumberQuery } from "./next-build-number.js";
import { usedBuildNumbers, type UsedBuildNumber } from "./used-build-numbers.js";

export interface LatestBuild {
  /** The build with the highest build number (numerically: 2.0.10 > 2.0.9). */
  build: Resource;
  /** Uploads in flight with a higher number, which will become builds later. */
  newerUploads: UsedBuildNumber[];
}

/** The build with the highest build number for a marketing version, or for the whole app with `global`. */
export async function latestBuild(client: AscClient, query: BuildNumberQuery): Promise<LatestBuild> {
  const used = await usedBuildNumbers(client, { appId: query.appId, platform: query.platform, marketingVersion: query.global ? undefined : query.marketingVersion });
  const builds = used.filter((u) => u.source === "build").sort((a, b) => compareBuildNumbers(b.number, a.number));
  const top = builds[0];
  if (!top) {
    throw new AsckitError(query.global ? `App ${query.appId} has no builds.` : `App ${query.appId} has no builds for version ${query.marketingVersion}.`, {
      category: "not_found",
      hint: "List what exists with `asckit builds list --app <app>`.",
    });
  }
  return { build: top.resource, newerUploads: used.filter((u) => u.source === "upload" && compareBuildNumbers(u.number, top.number) > 0) };
}
