import type { AscClient } from "../../client/index.js";
import { BuildNumberTakenError } from "./build-number-taken-error.js";
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

/** A package's version and build number, and the bundle id to name in messages. */
export interface SlotPackage {
  bundleId: string;
  marketingVersion: string;
  buildNumber: string;
}

/** Whether a package's version + build number can still be uploaded, and the next free number either way. */
export async function checkBuildSlot(client: AscClient, query: { appId: string; marketingVersion: string; buildNumber: string; platform?: string; signal?: AbortSignal }): Promise<BuildSlot> {
  const reads = query.signal ? { signal: query.signal } : {};
  const [used, train] = await Promise.all([
    usedBuildNumbers(client, { appId: query.appId, marketingVersion: query.marketingVersion, platform: query.platform, ...reads }),
    checkVersionTrain(client, { appId: query.appId, marketingVersion: query.marketingVersion, ...(query.platform ? { platform: query.platform } : {}), ...reads }),
  ]);
  return buildSlotOf(used, train, query);
}

/**
 * The slot rule over numbers already read: the number is taken when a build or a live upload holds
 * it (a build wins: it is the more settled fact), and too low when any number in use is above it.
 */
export function buildSlotOf(used: readonly UsedBuildNumber[], train: VersionTrain, query: { appId: string; marketingVersion: string; buildNumber: string }): BuildSlot {
  const holders = used.filter((u) => sameBuildNumber(u.number, query.buildNumber));
  const takenBy = holders.find((u) => u.source === "build") ?? holders[0];
  const higherInUse = used.filter((u) => compareBuildNumbers(u.number, query.buildNumber) > 0).sort((a, b) => compareBuildNumbers(b.number, a.number))[0];
  return { available: train.open && !takenBy && !higherInUse, takenBy, higherInUse, nextBuildNumber: summarize(query, used).next, train };
}

/** Why App Store Connect refuses this build number (taken first, then too low), or undefined when neither holds. */
export function buildSlotError(slot: Pick<BuildSlot, "takenBy" | "higherInUse" | "nextBuildNumber">, pkg: SlotPackage): BuildNumberTakenError | undefined {
  const numbers = `Version ${pkg.marketingVersion} build ${pkg.buildNumber} of ${pkg.bundleId}`;
  const next = slot.nextBuildNumber;
  if (slot.takenBy) {
    const by = slot.takenBy.source === "build" ? `build ${slot.takenBy.id} (${slot.takenBy.state})` : `upload ${slot.takenBy.id} still in flight (${slot.takenBy.state})`;
    return new BuildNumberTakenError(`${numbers} is already taken by ${by}; the next free build number is ${next}.`, next);
  }
  if (slot.higherInUse) {
    const above = slot.higherInUse;
    const by = `${above.source} ${above.id} (${above.state})`;
    return new BuildNumberTakenError(`${numbers} is lower than build number ${above.number} already used by ${by}; App Store Connect only accepts a higher one, e.g. ${next}.`, next);
  }
  return undefined;
}
