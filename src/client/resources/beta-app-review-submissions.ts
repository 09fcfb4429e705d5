import type { AscClient } from "../client-types.js";
import type { Resource } from "../resolve-document.js";
import { singleResource, type AttributesOf, type Schemas } from "./resource-helpers.js";

export type BetaAppReviewSubmissionAttributes = AttributesOf<"BetaAppReviewSubmission">;
export type BetaAppReviewSubmission = Resource<BetaAppReviewSubmissionAttributes>;

/** A build's Beta App Review submission, if it has one (`filter[build]` is required by Apple). */
export async function findBetaAppReviewSubmission(client: AscClient, buildId: string): Promise<BetaAppReviewSubmission | undefined> {
  const found = await client.collect<BetaAppReviewSubmissionAttributes>("GET /v1/betaAppReviewSubmissions", { query: { "filter[build]": [buildId] } }, { max: 1 });
  return found[0];
}

/** Submits a build for Beta App Review; the body carries only the build. */
export async function createBetaAppReviewSubmission(client: AscClient, buildId: string): Promise<BetaAppReviewSubmission> {
  const body: Schemas["BetaAppReviewSubmissionCreateRequest"] = {
    data: { type: "betaAppReviewSubmissions", relationships: { build: { data: { type: "builds", id: buildId } } } },
  };
  return singleResource(await client.request("POST /v1/betaAppReviewSubmissions", { body }), "POST", "/v1/betaAppReviewSubmissions");
}
