import type { AscClient } from "../client-types.js";
import type { Resource } from "../resolve-document.js";
import { singleResource, type Schemas } from "./resource-helpers.js";

/** Sends (or re-sends) a tester's TestFlight invitation for an app. */
export async function createBetaTesterInvitation(client: AscClient, appId: string, betaTesterId: string): Promise<Resource> {
  const body: Schemas["BetaTesterInvitationCreateRequest"] = {
    data: {
      type: "betaTesterInvitations",
      relationships: { app: { data: { type: "apps", id: appId } }, betaTester: { data: { type: "betaTesters", id: betaTesterId } } },
    },
  };
  return singleResource(await client.request("POST /v1/betaTesterInvitations", { body }), "POST", "/v1/betaTesterInvitations");
}
