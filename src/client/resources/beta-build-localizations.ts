import { buildPath } from "../build-path.js";
import type { AscClient } from "../client-types.js";
import type { Resource } from "../resolve-document.js";
import { singleResource, type AttributesOf, type Schemas } from "./resource-helpers.js";

export type BetaBuildLocalizationAttributes = AttributesOf<"BetaBuildLocalization">;
export type BetaBuildLocalization = Resource<BetaBuildLocalizationAttributes>;

/** A build's "What to Test" text per locale (`whatsNew`). */
export function listBetaBuildLocalizationsOfBuild(client: AscClient, buildId: string): Promise<BetaBuildLocalization[]> {
  return client.collect<BetaBuildLocalizationAttributes>(`GET ${buildPath("/v1/builds/{id}/betaBuildLocalizations", { id: buildId })}`);
}

export async function createBetaBuildLocalization(client: AscClient, buildId: string, attributes: { locale: string; whatsNew?: string | null }): Promise<BetaBuildLocalization> {
  const body: Schemas["BetaBuildLocalizationCreateRequest"] = {
    data: { type: "betaBuildLocalizations", attributes, relationships: { build: { data: { type: "builds", id: buildId } } } },
  };
  return singleResource(await client.request("POST /v1/betaBuildLocalizations", { body }), "POST", "/v1/betaBuildLocalizations");
}

export async function updateBetaBuildLocalization(client: AscClient, id: string, whatsNew: string | null): Promise<BetaBuildLocalization> {
  const path = buildPath("/v1/betaBuildLocalizations/{id}", { id });
  const body: Schemas["BetaBuildLocalizationUpdateRequest"] = { data: { type: "betaBuildLocalizations", id, attributes: { whatsNew } } };
  return singleResource(await client.request(`PATCH ${path}`, { body }), "PATCH", path);
}
