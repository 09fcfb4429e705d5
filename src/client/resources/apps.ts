import type { paths } from "../../spec/openapi.js";
import { buildPath } from "../build-path.js";
import type { AscClient } from "../client-types.js";
import type { Resource } from "../resolve-document.js";
import { singleResource, type AttributesOf, type ListOptions } from "./resource-helpers.js";

export type AppAttributes = AttributesOf<"App">;
export type App = Resource<AppAttributes>;
export type ListAppsQuery = NonNullable<paths["/v1/apps"]["get"]["parameters"]["query"]>;
export type GetAppQuery = NonNullable<paths["/v1/apps/{id}"]["get"]["parameters"]["query"]>;

export function listApps(client: AscClient, query?: ListAppsQuery, options?: ListOptions<AppAttributes>): Promise<App[]> {
  return client.collect<AppAttributes>("GET /v1/apps", { query }, options);
}

export async function getApp(client: AscClient, id: string, query?: GetAppQuery): Promise<App> {
  const path = buildPath("/v1/apps/{id}", { id });
  return singleResource(await client.request(`GET ${path}`, { query }), "GET", path);
}
