import type { AscClient } from "../../client/index.js";
import { compareBuildNumbers, highestBuildNumber, incrementBuildNumber } from "./build-number.js";
import { usedBuildNumbers, type UsedBuildNumber } from "./used-build-numbers.js";

export interface BuildNumberQuery {
  appId: string;
  /** Per marketing version (Apple's uniqueness rule for build numbers) unless `global`. */
  marketingVersion?: string;
  /** The highest number over every version of the app. */
  global?: boolean;
  platform?: string;
}

export interface NextBuildNumber {
  appId: string;
  scope: "version" | "global";
  marketingVersion: string | undefined;
  platform: string | undefined;
  /** The highest number in use, or undefined when none is. */
  highest: string | undefined;
  /** What holds the highest number: a build, or an upload still in flight. */
  highestFrom: "build" | "upload" | undefined;
  next: string;
  builds: number;
  uploadsInFlight: number;
}

/** The next free build number: one above the highest in use, counting uploads not yet turned into builds. */
export async function nextBuildNumber(client: AscClient, query: BuildNumberQuery): Promise<NextBuildNumber> {
  const used = await usedBuildNumbers(client, { appId: query.appId, platform: query.platform, marketingVersion: query.global ? undefined : query.marketingVersion });
  return summarize(query, used);
}

export function summarize(query: BuildNumberQuery, used: readonly UsedBuildNumber[]): NextBuildNumber {
  const highest = highestBuildNumber(used.map((u) => u.number));
  // Among equal numbers a build wins over an upload: it is the more settled fact.
  const holders = used.filter((u) => highest !== undefined && compareBuildNumbers(u.number, highest) === 0);
  const holder = holders.find((u) => u.source === "build") ?? holders[0];
  return {
    appId: query.appId,
    scope: query.global ? "global" : "version",
    marketingVersion: query.global ? undefined : query.marketingVersion,
    platform: query.platform,
    highest,
    highestFrom: holder?.source,
    next: incrementBuildNumber(highest),
    builds: used.filter((u) => u.source === "build").length,
    uploadsInFlight: used.filter((u) => u.source === "upload").length,
  };
}
