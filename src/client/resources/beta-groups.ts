import type { paths } from "../../spec/openapi.js";
import { buildPath } from "../build-path.js";
import type { AscClient } from "../client-types.js";
import type { Resource } from "../resolve-document.js";
import { linkage, singleResource, type AttributesOf, type ListOptions, type Schemas } from "./resource-helpers.js";

export type BetaGroupAttributes = AttributesOf<"BetaGroup">;
export type BetaGroup = Resource<BetaGroupAttributes>;
export type ListBetaGroupsQuery = NonNullable<paths["/v1/betaGroups"]["get"]["parameters"]["query"]>;
export type GetBetaGroupQuery = NonNullable<paths["/v1/betaGroups/{id}"]["get"]["parameters"]["query"]>;
export type BetaGroupCreateAttributes = Schemas["BetaGroupCreateRequest"]["data"]["attributes"];
export type BetaGroupUpdateAttributes = NonNullable<Schemas["BetaGroupUpdateRequest"]["data"]["attributes"]>;

export function listBetaGroups(client: AscClient, query?: ListBetaGroupsQuery, options?: ListOptions<BetaGroupAttributes>): Promise<BetaGroup[]> {
  return client.collect<BetaGroupAttributes>("GET /v1/betaGroups", { query }, options);
}

export async function getBetaGroup(client: AscClient, id: string, query?: GetBetaGroupQuery): Promise<BetaGroup> {
  const path = buildPath("/v1/betaGroups/{id}", { id });
  return singleResource(await client.request(`GET ${path}`, { query }), "GET", path);
}

export async function createBetaGroup(
  client: AscClient,
  input: BetaGroupCreateAttributes & { appId: string; buildIds?: readonly string[]; betaTesterIds?: readonly string[] },
): Promise<BetaGroup> {
  const { appId, buildIds, betaTesterIds, ...attributes } = input;
  const body: Schemas["BetaGroupCreateRequest"] = {
    data: {
      type: "betaGroups",
      attributes,
      relationships: {
        app: { data: { type: "apps", id: appId } },
        ...(buildIds?.length ? { builds: { data: linkage("builds", buildIds) } } : {}),
        ...(betaTesterIds?.length ? { betaTesters: { data: linkage("betaTesters", betaTesterIds) } } : {}),
      },
    },
  };
  return singleResource(await client.request("POST /v1/betaGroups", { body }), "POST", "/v1/betaGroups");
}

export async function updateBetaGroup(client: AscClient, id: string, attributes: BetaGroupUpdateAttributes): Promise<BetaGroup> {
  const path = buildPath("/v1/betaGroups/{id}", { id });
  const body: Schemas["BetaGroupUpdateRequest"] = { data: { type: "betaGroups", id, attributes } };
  return singleResource(await client.request(`PATCH ${path}`, { body }), "PATCH", path);
}

export async function deleteBetaGroup(client: AscClient, id: string): Promise<void> {
  await client.request(`DELETE ${buildPath("/v1/betaGroups/{id}", { id })}`);
}

export async function addBuildsToBetaGroup(client: AscClient, groupId: string, buildIds: readonly string[]): Promise<void> {
  const body: Schemas["BetaGroupBuildsLinkagesRequest"] = { data: linkage("builds", buildIds) };
  await client.request(`POST ${buildPath("/v1/betaGroups/{id}/relationships/builds", { id: groupId })}`, { body });
}

export async function removeBuildsFromBetaGroup(client: AscClient, groupId: string, buildIds: readonly string[]): Promise<void> {
  const body: Schemas["BetaGroupBuildsLinkagesRequest"] = { data: linkage("builds", buildIds) };
  await client.request(`DELETE ${buildPath("/v1/betaGroups/{id}/relationships/builds", { id: groupId })}`, { body });
}

export async function addBetaTestersToBetaGroup(client: AscClient, groupId: string, betaTesterIds: readonly string[]): Promise<void> {
  const body: Schemas["BetaGroupBetaTestersLinkagesRequest"] = { data: linkage("betaTesters", betaTesterIds) };
  await client.request(`POST ${buildPath("/v1/betaGroups/{id}/relationships/betaTesters", { id: groupId })}`, { body });
}

export async function removeBetaTestersFromBetaGroup(client: AscClient, groupId: string, betaTesterIds: readonly string[]): Promise<void> {
  const body: Schemas["BetaGroupBetaTestersLinkagesRequest"] = { data: linkage("betaTesters", betaTesterIds) };
  await client.request(`DELETE ${buildPath("/v1/betaGroups/{id}/relationships/betaTesters", { id: groupId })}`, { body });
}
