import type { paths } from "../../spec/openapi.js";
import { buildPath } from "../build-path.js";
import type { AscClient } from "../client-types.js";
import type { Resource } from "../resolve-document.js";
import { linkage, singleResource, type AttributesOf, type ListOptions, type Schemas } from "./resource-helpers.js";

export type BetaTesterAttributes = AttributesOf<"BetaTester">;
export type BetaTester = Resource<BetaTesterAttributes>;
export type ListBetaTestersQuery = NonNullable<paths["/v1/betaTesters"]["get"]["parameters"]["query"]>;
export type GetBetaTesterQuery = NonNullable<paths["/v1/betaTesters/{id}"]["get"]["parameters"]["query"]>;
export type BetaTesterCreateAttributes = Schemas["BetaTesterCreateRequest"]["data"]["attributes"];

/** Note: `filter[email]` can match loosely; callers looking for one tester compare exactly. */
export function listBetaTesters(client: AscClient, query?: ListBetaTestersQuery, options?: ListOptions<BetaTesterAttributes>): Promise<BetaTester[]> {
  return client.collect<BetaTesterAttributes>("GET /v1/betaTesters", { query }, options);
}

export async function getBetaTester(client: AscClient, id: string, query?: GetBetaTesterQuery): Promise<BetaTester> {
  const path = buildPath("/v1/betaTesters/{id}", { id });
  return singleResource(await client.request(`GET ${path}`, { query }), "GET", path);
}

/** Creates (invites) a tester into beta groups or onto individual builds. */
export async function createBetaTester(
  client: AscClient,
  input: BetaTesterCreateAttributes & { betaGroupIds?: readonly string[]; buildIds?: readonly string[] },
): Promise<BetaTester> {
  const { betaGroupIds, buildIds, ...attributes } = input;
  const body: Schemas["BetaTesterCreateRequest"] = { data: { type: "betaTesters", attributes } };
  if (betaGroupIds?.length || buildIds?.length) {
    body.data.relationships = {
      ...(betaGroupIds?.length ? { betaGroups: { data: linkage("betaGroups", betaGroupIds) } } : {}),
      ...(buildIds?.length ? { builds: { data: linkage("builds", buildIds) } } : {}),
    };
  }
  return singleResource(await client.request("POST /v1/betaTesters", { body }), "POST", "/v1/betaTesters");
}

export async function deleteBetaTester(client: AscClient, id: string): Promise<void> {
  await client.request(`DELETE ${buildPath("/v1/betaTesters/{id}", { id })}`);
}
