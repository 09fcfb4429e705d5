import { buildPath } from "../build-path.js";
import type { AscClient } from "../client-types.js";
import type { Resource } from "../resolve-document.js";
import { singleResource, type AttributesOf, type Schemas } from "./resource-helpers.js";

export type BetaAppLocalizationAttributes = AttributesOf<"BetaAppLocalization">;
export type BetaAppLocalization = Resource<BetaAppLocalizationAttributes>;
export type BetaAppLocalizationUpdateAttributes = NonNullable<Schemas["BetaAppLocalizationUpdateRequest"]["data"]["attributes"]>;

/** The app's beta app information per locale (description, feedback email, URLs). */
export function listBetaAppLocalizationsOfApp(client: AscClient, appId: string): Promise<BetaAppLocalization[]> {
  return client.collect<BetaAppLocalizationAttributes>(`GET ${buildPath("/v1/apps/{id}/betaAppLocalizations", { id: appId })}`);
}

export async function createBetaAppLocalization(
  client: AscClient,
  appId: string,
  attributes: Schemas["BetaAppLocalizationCreateRequest"]["data"]["attributes"],
): Promise<BetaAppLocalization> {
  const body: Schemas["BetaAppLocalizationCreateRequest"] = {
    data: { type: "betaAppLocalizations", attributes, relationships: { app: { data: { type: "apps", id: appId } } } },
  };
  return singleResource(await client.request("POST /v1/betaAppLocalizations", { body }), "POST", "/v1/betaAppLocalizations");
}

export async function updateBetaAppLocalization(client: AscClient, id: string, attributes: BetaAppLocalizationUpdateAttributes): Promise<BetaAppLocalization> {
  const path = buildPath("/v1/betaAppLocalizations/{id}", { id });
  const body: Schemas["BetaAppLocalizationUpdateRequest"] = { data: { type: "betaAppLocalizations", id, attributes } };
  return singleResource(await client.request(`PATCH ${path}`, { body }), "PATCH", path);
}
