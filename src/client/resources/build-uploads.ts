import type { paths } from "../../spec/openapi.js";
import { buildPath } from "../build-path.js";
import type { AscClient } from "../client-types.js";
import type { Resource } from "../resolve-document.js";
import { singleResource, type AttributesOf, type ListOptions, type Schemas } from "./resource-helpers.js";

// Apple's Build Upload API (App Store Connect API 4.1+): a buildUpload is the upload as a whole,
// its buildUploadFiles are the files whose parts go to pre-signed storage URLs.

export type BuildUploadAttributes = AttributesOf<"BuildUpload">;
export type BuildUpload = Resource<BuildUploadAttributes>;
export type BuildUploadFileAttributes = AttributesOf<"BuildUploadFile">;
export type BuildUploadFile = Resource<BuildUploadFileAttributes>;
export type ListAppBuildUploadsQuery = NonNullable<paths["/v1/apps/{id}/buildUploads"]["get"]["parameters"]["query"]>;
export type GetBuildUploadQuery = NonNullable<paths["/v1/buildUploads/{id}"]["get"]["parameters"]["query"]>;
export type BuildUploadCreateAttributes = Schemas["BuildUploadCreateRequest"]["data"]["attributes"];
export type BuildUploadFileCreateAttributes = Schemas["BuildUploadFileCreateRequest"]["data"]["attributes"];
export type Checksums = Schemas["Checksums"];

export function listAppBuildUploads(client: AscClient, appId: string, query?: ListAppBuildUploadsQuery, options?: ListOptions<BuildUploadAttributes>): Promise<BuildUpload[]> {
  return client.collect<BuildUploadAttributes>(`GET ${buildPath("/v1/apps/{id}/buildUploads", { id: appId })}`, { query }, options);
}

export async function getBuildUpload(client: AscClient, id: string, query?: GetBuildUploadQuery): Promise<BuildUpload> {
  const path = buildPath("/v1/buildUploads/{id}", { id });
  return singleResource(await client.request(`GET ${path}`, { query }), "GET", path);
}

export async function createBuildUpload(client: AscClient, input: BuildUploadCreateAttributes & { appId: string }): Promise<BuildUpload> {
  const { appId, ...attributes } = input;
  const body: Schemas["BuildUploadCreateRequest"] = {
    data: { type: "buildUploads", attributes, relationships: { app: { data: { type: "apps", id: appId } } } },
  };
  return singleResource(await client.request("POST /v1/buildUploads", { body }), "POST", "/v1/buildUploads");
}

export async function deleteBuildUpload(client: AscClient, id: string): Promise<void> {
  await client.request(`DELETE ${buildPath("/v1/buildUploads/{id}", { id })}`);
}

export function listBuildUploadFiles(client: AscClient, buildUploadId: string, options?: ListOptions<BuildUploadFileAttributes>): Promise<BuildUploadFile[]> {
  return client.collect<BuildUploadFileAttributes>(`GET ${buildPath("/v1/buildUploads/{id}/buildUploadFiles", { id: buildUploadId })}`, {}, options);
}

/** Reserves a file: the response carries its `uploadOperations`. */
export async function createBuildUploadFile(client: AscClient, input: BuildUploadFileCreateAttributes & { buildUploadId: string }): Promise<BuildUploadFile> {
  const { buildUploadId, ...attributes } = input;
  const body: Schemas["BuildUploadFileCreateRequest"] = {
    data: { type: "buildUploadFiles", attributes, relationships: { buildUpload: { data: { type: "buildUploads", id: buildUploadId } } } },
  };
  return singleResource(await client.request("POST /v1/buildUploadFiles", { body }), "POST", "/v1/buildUploadFiles");
}

/** "Commit a Build Upload File": every part was sent; Apple checks the size and the checksum. */
export async function commitBuildUploadFile(client: AscClient, id: string, sourceFileChecksums: Checksums): Promise<BuildUploadFile> {
  const path = buildPath("/v1/buildUploadFiles/{id}", { id });
  const body: Schemas["BuildUploadFileUpdateRequest"] = { data: { type: "buildUploadFiles", id, attributes: { uploaded: true, sourceFileChecksums } } };
  return singleResource(await client.request(`PATCH ${path}`, { body }), "PATCH", path);
}
