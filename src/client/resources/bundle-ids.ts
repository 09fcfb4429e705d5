import type { paths } from "../../spec/openapi.js";
import { buildPath } from "../build-path.js";
import type { AscClient } from "../client-types.js";
import type { Resource } from "../resolve-document.js";
import { singleResource, type AttributesOf, type ListOptions, type Schemas } from "./resource-helpers.js";

export type BundleIdAttributes = AttributesOf<"BundleId">;
export type BundleId = Resource<BundleIdAttributes>;
export type ListBundleIdsQuery = NonNullable<paths["/v1/bundleIds"]["get"]["parameters"]["query"]>;
export type GetBundleIdQuery = NonNullable<paths["/v1/bundleIds/{id}"]["get"]["parameters"]["query"]>;
export type BundleIdCreateAttributes = Schemas["BundleIdCreateRequest"]["data"]["attributes"];

/** Note: Apple's `filter[identifier]` can match substrings; callers needing one bundle ID compare exactly. */
export function listBundleIds(client: AscClient, query?: ListBundleIdsQuery, options?: ListOptions<BundleIdAttributes>): Promise<BundleId[]> {
  return client.collect<BundleIdAttributes>("GET /v1/bundleIds", { query }, options);
}

export async function getBundleId(client: AscClient, id: string, query?: GetBundleIdQuery): Promise<BundleId> {
  const path = buildPath("/v1/bundleIds/{id}", { id });
  return singleResource(await client.request(`GET ${path}`, { query }), "GET", path);
}

/** Registers a bundle ID. Irreversible in practice: identifier, platform and seedId can never change. */
export async function createBundleId(client: AscClient, attributes: BundleIdCreateAttributes): Promise<BundleId> {
  const body: Schemas["BundleIdCreateRequest"] = { data: { type: "bundleIds", attributes } };
  return singleResource(await client.request("POST /v1/bundleIds", { body }), "POST", "/v1/bundleIds");
}

/** Only the name can be changed. */
export async function updateBundleId(client: AscClient, id: string, name: string): Promise<BundleId> {
  const path = buildPath("/v1/bundleIds/{id}", { id });
  const body: Schemas["BundleIdUpdateRequest"] = { data: { type: "bundleIds", id, attributes: { name } } };
  return singleResource(await client.request(`PATCH ${path}`, { body }), "PATCH", path);
}

export async function deleteBundleId(client: AscClient, id: string): Promise<void> {
  await client.request(`DELETE ${buildPath("/v1/bundleIds/{id}", { id })}`);
}
