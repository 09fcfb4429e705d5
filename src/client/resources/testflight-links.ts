import { buildPath } from "../build-path.js";
import type { AscClient } from "../client-types.js";
import { linkage, type Schemas } from "./resource-helpers.js";

/** Makes a build available to beta groups (one request for all of them). */
export async function addBuildToBetaGroups(client: AscClient, buildId: string, betaGroupIds: readonly string[]): Promise<void> {
  const body: Schemas["BuildBetaGroupsLinkagesRequest"] = { data: linkage("betaGroups", betaGroupIds) };
  await client.request(`POST ${buildPath("/v1/builds/{id}/relationships/betaGroups", { id: buildId })}`, { body });
}

/** Removes testers from an app altogether (and so from all its groups and builds). */
export async function removeBetaTestersFromApp(client: AscClient, appId: string, betaTesterIds: readonly string[]): Promise<void> {
  const body: Schemas["AppBetaTestersLinkagesRequest"] = { data: linkage("betaTesters", betaTesterIds) };
  await client.request(`DELETE ${buildPath("/v1/apps/{id}/relationships/betaTesters", { id: appId })}`, { body });
}
