import type { paths } from "../../spec/openapi.js";
import { buildPath } from "../build-path.js";
import type { AscClient } from "../client-types.js";
import type { Resource } from "../resolve-document.js";
import { singleResource, type AttributesOf, type ListOptions, type Schemas } from "./resource-helpers.js";

export type BuildAttributes = AttributesOf<"Build">;
export type Build = Resource<BuildAttributes>;
export type ListBuildsQuery = NonNullable<paths["/v1/builds"]["get"]["parameters"]["query"]>;
export type GetBuildQuery = NonNullable<paths["/v1/builds/{id}"]["get"]["parameters"]["query"]>;
export type BuildUpdateAttributes = NonNullable<Schemas["BuildUpdateRequest"]["data"]["attributes"]>;

export function listBuilds(client: AscClient, query?: ListBuildsQuery, options?: ListOptions<BuildAttributes>): Promise<Build[]> {
  return client.collect<BuildAttributes>("GET /v1/builds", { query }, options);
}

export async function getBuild(client: AscClient, id: string, query?: GetBuildQuery): Promise<Build> {
  const path = buildPath("/v1/builds/{id}", { id });
  return singleResource(await client.request(`GET ${path}`, { query }), "GET", path);
}

/** PATCH a build: `usesNonExemptEncryption` (export compliance) or `expired: true`, optionally an encryption declaration. */
export async function updateBuild(client: AscClient, id: string, attributes: BuildUpdateAttributes, options: { appEncryptionDeclarationId?: string } = {}): Promise<Build> {
  const path = buildPath("/v1/builds/{id}", { id });
  const body: Schemas["BuildUpdateRequest"] = { data: { type: "builds", id, attributes } };
  if (options.appEncryptionDeclarationId) {
    body.data.relationships = { appEncryptionDeclaration: { data: { type: "appEncryptionDeclarations", id: options.appEncryptionDeclarationId } } };
  }
  return singleResource(await client.request(`PATCH ${path}`, { body }), "PATCH", path);
}
