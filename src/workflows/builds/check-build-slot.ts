import type { AscClient } from "../../client/index.js";
import { compareBuildNumbers, sameBuildNumber } from "./build-number.js";
import { summarize } from "./next-build-number.js";
import { usedBuildNumbers, type UsedBuildNumber } from "./used-build-numbers.js";
import { checkVersionTrain, type VersionTrain } from "./version-train.js";

export interface BuildSlot {
  /** Whether this version and build number can still be uploaded for the app (its train open, its number free and highest). */
  available: boolean;
  /** What holds the number (compared as Apple does: "3.0" is 3): a build, or an upload still in flight. */
  takenBy: UsedBuildNumber | undefined;
  /** The highest number in use when it is above this one: App Store Connect accepts only higher numbers. */
  higherInUse: UsedBuildNumber | undefined;
  /** One above the highest number in use for the version. */
  nextBuildNumber: string;
  /** Whether App Store Connect still takes builds of the version at all (an approved version closes it). */
  train: VersionTrain;
}

/** Whether a package's version + build number can still be uploaded, and the next free number either way. */
export async function checkBuildSlot(client: AscClient, query: { appId: string; marketingVersion: string; buildNumber: string; platform?: string }): Promise<BuildSlot> {
  const [used, train] = await Promise.all([
    usedBuildNumbers(client, { appId: query.appId, marketingVersion: query.marketingVersion, platform: query.platform }),
    checkVersionTrain(client, { appId: query.appId, marketingVersion: query.marketingVersion, ...(query.platform ? { platform: query.platform } : {}) }),
  ]);
  const holders = used.filter((u) => sameBuildNumber(u.number, query.buildNumber));
  const takenBy = holders.find((u) => u.source === "build") ?? holders[0];
  const higherInUse = used.filter((u) => compareBuildNumbers(u.number, query.buildNumber) > 0).sort((a, b) => compareBuildNumbers(b.number, a.number))[0];
  return { available: train.open && !takenBy && !higherInUse, takenBy, higherInUse, nextBuildNumber: summarize(query, used).next, train };
}
