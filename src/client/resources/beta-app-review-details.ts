import { buildPath } from "../build-path.js";
import type { AscClient } from "../client-types.js";
import type { Resource } from "../resolve-document.js";
import { singleResource, type AttributesOf, type Schemas } from "./resource-helpers.js";

export type BetaAppReviewDetailAttributes = AttributesOf<"BetaAppReviewDetail">;
export type BetaAppReviewDetail = Resource<BetaAppReviewDetailAttributes>;
export type BetaAppReviewDetailUpdateAttributes = NonNullable<Schemas["BetaAppReviewDetailUpdateRequest"]["data"]["attributes"]>;

/** The app's one review-details record (it always exists; there is no POST). */
export async function getBetaAppReviewDetailOfApp(client: AscClient, appId: string): Promise<BetaAppReviewDetail> {
  const path = buildPath("/v1/apps/{id}/betaAppReviewDetail", { id: appId });
  return singleResource(await client.request(`GET ${path}`), "GET", path);
}

export async function updateBetaAppReviewDetail(client: AscClient, id: string, attributes: BetaAppReviewDetailUpdateAttributes): Promise<BetaAppReviewDetail> {
  const path = buildPath("/v1/betaAppReviewDetails/{id}", { id });
  const body: Schemas["BetaAppReviewDetailUpdateRequest"] = { data: { type: "betaAppReviewDetails", id, attributes } };
  return singleResource(await client.request(`PATCH ${path}`, { body }), "PATCH", path);
}
