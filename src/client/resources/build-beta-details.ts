import type { paths } from "../../spec/openapi.js";
import { buildPath } from "../build-path.js";
import type { AscClient } from "../client-types.js";
import type { Resource } from "../resolve-document.js";
import { singleResource, type AttributesOf, type ListOptions, type Schemas } from "./resource-helpers.js";

export type BuildBetaDetailAttributes = AttributesOf<"BuildBetaDetail">;
export type BuildBetaDetail = Resource<BuildBetaDetailAttributes>;
export type ListBuildBetaDetailsQuery = NonNullable<paths["/v1/buildBetaDetails"]["get"]["parameters"]["query"]>;
export type GetBuildBetaDetailQuery = NonNullable<paths["/v1/buildBetaDetails/{id}"]["get"]["parameters"]["query"]>;

export function listBuildBetaDetails(client: AscClient, query?: ListBuildBetaDetailsQuery, options?: ListOptions<BuildBetaDetailAttributes>): Promise<BuildBetaDetail[]> {
  return client.collect<BuildBetaDetailAttributes>("GET /v1/buildBetaDetails", { query }, options);
}

export async function getBuildBetaDetail(client: AscClient, id: string, query?: GetBuildBetaDetailQuery): Promise<BuildBetaDetail> {
  const path = buildPath("/v1/buildBetaDetails/{id}", { id });
  return singleResource(await client.request(`GET ${path}`, { query }), "GET", path);
}

/** The beta detail of a build (internal/external build state), by build id. */
export async function getBuildBetaDetailOfBuild(client: AscClient, buildId: string): Promise<BuildBetaDetail> {
  const path = buildPath("/v1/builds/{id}/buildBetaDetail", { id: buildId });
  return singleResource(await client.request(`GET ${path}`), "GET", path);
}

export async function updateBuildBetaDetail(client: AscClient, id: string, attributes: NonNullable<Schemas["BuildBetaDetailUpdateRequest"]["data"]["attributes"]>): Promise<BuildBetaDetail> {
  const path = buildPath("/v1/buildBetaDetails/{id}", { id });
  const body: Schemas["BuildBetaDetailUpdateRequest"] = { data: { type: "buildBetaDetails", id, attributes } };
  return singleResource(await client.request(`PATCH ${path}`, { body }), "PATCH", path);
}
