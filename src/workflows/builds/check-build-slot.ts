import type { AscClient } from "../../client/index.js";
import { summarize } from "./next-build-number.js";
import { usedBuildNumbers, type UsedBuildNumber } from "./used-build-numbers.js";

export interface BuildSlot {
  /** Whether this version and build number are still free for the app. */
  available: boolean;
  /** What holds the number: a build, or an upload still in flight. */
  takenBy: UsedBuildNumber | undefined;
  /** One above the highest number in use for the version. */
  nextBuildNumber: string;
}

/** Whether a package's version + build number can still be uploaded, and the next free number either way. */
export async function checkBuildSlot(client: AscClient, query: { appId: string; marketingVersion: string; buildNumber: string; platform?: string }): Promise<BuildSlot> {
  const used = await usedBuildNumbers(client, { appId: query.appId, marketingVersion: query.marketingVersion, platform: query.platform });
  const holders = used.filter((u) => u.number === query.buildNumber);
  const takenBy = holders.find((u) => u.source === "build") ?? holders[0];
  return { available: !takenBy, takenBy, nextBuildNumber: summarize(query, used).next };
}
