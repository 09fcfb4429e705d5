import type { paths } from "../../spec/openapi.js";
import { buildPath } from "../build-path.js";
import type { AscClient } from "../client-types.js";
import type { Resource } from "../resolve-document.js";
import { singleResource, type AttributesOf, type ListOptions } from "./resource-helpers.js";

export type PreReleaseVersionAttributes = AttributesOf<"PrereleaseVersion">;
export type PreReleaseVersion = Resource<PreReleaseVersionAttributes>;
export type ListPreReleaseVersionsQuery = NonNullable<paths["/v1/preReleaseVersions"]["get"]["parameters"]["query"]>;
export type GetPreReleaseVersionQuery = NonNullable<paths["/v1/preReleaseVersions/{id}"]["get"]["parameters"]["query"]>;

export function listPreReleaseVersions(client: AscClient, query?: ListPreReleaseVersionsQuery, options?: ListOptions<PreReleaseVersionAttributes>): Promise<PreReleaseVersion[]> {
  return client.collect<PreReleaseVersionAttributes>("GET /v1/preReleaseVersions", { query }, options);
}

export async function getPreReleaseVersion(client: AscClient, id: string, query?: GetPreReleaseVersionQuery): Promise<PreReleaseVersion> {
  const path = buildPath("/v1/preReleaseVersions/{id}", { id });
  return singleResource(await client.request(`GET ${path}`, { query }), "GET", path);
}
